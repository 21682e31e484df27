package io.securejdbc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Hibernate with its defaults, as a Spring Boot application would run it: {@code @GeneratedValue} (AUTO, which is
 * a pooled sequence per entity on H2), an explicit sequence with allocation size 1, schema by {@code create-drop}.
 * The same program through plain H2 and through secure-jdbc must store the same ids and rows.
 */
class HibernateSequenceTest {

  @Entity(name = "Customer")
  public static class Customer {
    @Id
    @GeneratedValue
    Long id;
    String name;
    String city;

    public Customer() {}

    Customer(String name, String city) {
      this.name = name;
      this.city = city;
    }
  }

  @Entity(name = "Invoice")
  public static class Invoice {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "invoice_no")
    @SequenceGenerator(name = "invoice_no", sequenceName = "INVOICE_NO", initialValue = 1000, allocationSize = 1)
    Long number;
    @ManyToOne
    Customer customer;
    long cents;

    public Invoice() {}

    Invoice(Customer customer, long cents) {
      this.customer = customer;
      this.cents = cents;
    }
  }

  /** IDENTITY keys: Hibernate inserts at once and reads the key back with getGeneratedKeys. */
  @Entity(name = "Ticket")
  public static class Ticket {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String subject;
    @ManyToOne
    Customer customer;

    public Ticket() {}

    Ticket(String subject, Customer customer) {
      this.subject = subject;
      this.customer = customer;
    }
  }

  /** Writes applied without the working engine on the last secure-jdbc run's ticket transaction. */
  private static long directTicketWrites;

  @Test
  void defaultKeyGeneration_storesWhatPlainH2Stores() throws Exception {
    compare("org.hibernate.dialect.H2Dialect", "", "");
    // 20 inserts with generated keys and 10 updates, every one applied directly
    assertThat(directTicketWrites).isEqualTo(30);
  }

  /** Hibernate's PostgreSQL dialect ({@code select nextval('customer_seq')}) on the PostgreSQL SQL mode. */
  @Test
  void postgresqlDialect_storesWhatPlainH2InPostgresqlModeStores() throws Exception {
    compare("org.hibernate.dialect.PostgreSQLDialect", ";MODE=PostgreSQL", ";sqlMode=PostgreSQL");
  }

  private static void compare(String dialect, String h2Mode, String secureMode) throws Exception {
    String name = "hib" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    List<String> plain = run("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1" + h2Mode, "org.h2.Driver", dialect);
    List<String> secure;
    // an in-memory secure database lives while a connection to it is open
    try (Connection keep = DriverManager.getConnection("jdbc:secure:mem:" + name + secureMode)) {
      secure = run("jdbc:secure:mem:" + name + secureMode, "io.securejdbc.SecureDriver", dialect);
    }
    assertThat(secure).isEqualTo(plain);
    assertThat(secure).contains("customers 130 distinct ids 130", "invoices [1000, 1001, 1002, 1003, 1004]",
        "delete referenced customer: 23503");
  }

  private static List<String> run(String url, String driver, String dialect) {
    Configuration cfg = new Configuration()
        .addAnnotatedClass(Customer.class)
        .addAnnotatedClass(Invoice.class)
        .addAnnotatedClass(Ticket.class)
        .setProperty("hibernate.connection.url", url)
        .setProperty("hibernate.connection.driver_class", driver)
        .setProperty("hibernate.connection.pool_size", "2")
        .setProperty("hibernate.dialect", dialect)
        .setProperty("hibernate.hbm2ddl.auto", "create-drop");
    List<String> out = new ArrayList<>();
    try (SessionFactory sf = cfg.buildSessionFactory()) {
      sf.inTransaction(s -> {
        for (int i = 0; i < 130; i++) {
          s.persist(new Customer("customer " + i, i % 3 == 0 ? "Berlin" : "Paris"));
        }
      });
      sf.inTransaction(s -> {
        Long first = s.createSelectionQuery("select min(c.id) from Customer c", Long.class).getSingleResult();
        Customer customer = s.find(Customer.class, first);
        for (int i = 0; i < 5; i++) {
          s.persist(new Invoice(customer, 100L * i));
        }
      });
      sf.inTransaction(s -> {
        long before = directWrites(s);
        Customer customer = s.find(Customer.class,
            s.createSelectionQuery("select max(c.id) from Customer c", Long.class).getSingleResult());
        List<Ticket> tickets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          Ticket t = new Ticket("ticket " + i, i % 2 == 0 ? customer : null);
          s.persist(t);
          tickets.add(t);
        }
        for (int i = 0; i < 20; i += 2) {
          tickets.get(i).subject = "closed " + i;
        }
        s.flush();
        out.add("ticket ids " + tickets.stream().map(t -> t.id).toList());
        if (driver.startsWith("io.securejdbc")) {
          directTicketWrites = directWrites(s) - before;
        }
      });
      sf.inSession(s -> {
        out.add("tickets " + s.createSelectionQuery(
            "select t.id, t.subject, t.customer.id from Ticket t order by t.id", Object[].class)
            .getResultList().stream().map(java.util.Arrays::toString).toList());
        List<Long> ids = s.createSelectionQuery("select c.id from Customer c order by c.id", Long.class)
            .getResultList();
        out.add("customers " + ids.size() + " distinct ids " + ids.stream().distinct().count());
        out.add("ids " + ids);
        out.add("berlin " + s.createSelectionQuery(
            "select c.id, c.name from Customer c where c.city = :city order by c.id", Object[].class)
            .setParameter("city", "Berlin").getResultList().stream().map(r -> r[0] + "=" + r[1]).toList());
        out.add("invoices " + s.createSelectionQuery("select i.number from Invoice i order by i.number", Long.class)
            .getResultList());
        out.add("join " + s.createSelectionQuery(
            "select count(i), sum(i.cents) from Invoice i join i.customer c where c.city = 'Berlin'", Object[].class)
            .getSingleResult()[1]);
      });
      // the foreign key Hibernate declared (ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY) is enforced
      sf.inSession(s -> s.doWork(conn -> {
        try (java.sql.Statement st = conn.createStatement()) {
          st.executeUpdate("delete from Customer where id = (select min(id) from Customer)");
          out.add("delete referenced customer: allowed");
        } catch (java.sql.SQLException e) {
          out.add("delete referenced customer: " + e.getSQLState());
        }
      }));
    }
    return out;
  }

  private static long directWrites(org.hibernate.Session s) {
    return s.doReturningWork(c -> c.isWrapperFor(io.securejdbc.jdbc.SecureConnection.class)
        ? c.unwrap(io.securejdbc.jdbc.SecureConnection.class).directWrites() : 0);
  }
}
