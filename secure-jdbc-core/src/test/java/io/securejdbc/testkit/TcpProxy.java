package io.securejdbc.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port in front of one server, for outage tests: {@link #cut()} breaks every open
 * connection and refuses new ones (they are accepted and closed at once, like a reset), {@link #restore()} lets
 * connections through again.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;

  public TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "tcp-proxy-" + port());
    t.setDaemon(true);
    t.start();
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** Breaks every open connection; new ones are closed as soon as they arrive. */
  public synchronized void cut() {
    up = false;
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  public synchronized void restore() {
    up = true;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        synchronized (this) {
          if (!up) {
            closeQuietly(client);
            continue;
          }
          Socket server;
          try {
            server = new Socket(targetHost, targetPort);
          } catch (IOException e) {
            closeQuietly(client);
            continue;
          }
          open.add(client);
          open.add(server);
          pump(client, server);
          pump(server, client);
        }
      } catch (IOException e) {
        // the listener was closed
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // either side closed: the pair ends
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
    try {
      listener.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
