package io.securejdbc.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG charts drawn with Java2D (no plotting library): ratios per workload, and point-lookup time by size. */
final class Charts {

  static final Color[] COLORS = {new Color(0x1f77b4), new Color(0x9467bd), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0xff7f0e)};

  private Charts() {}

  static List<String> write(Report r, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> names = new ArrayList<>();
    for (int size : r.sizes) {
      String name = "ratios-" + size + ".png";
      ImageIO.write(ratios(r, size), "png", dir.resolve(name).toFile());
      names.add(name);
    }
    if (r.sizes.size() > 1) {
      ImageIO.write(scaling(r), "png", dir.resolve("point-lookup-by-size.png").toFile());
      names.add("point-lookup-by-size.png");
    }
    return names;
  }

  private static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    return g;
  }

  /** Grouped bars, log scale: time relative to plain H2 for each workload and engine at one size. */
  static BufferedImage ratios(Report r, int size) {
    int w = 1200;
    int h = 560;
    int left = 70;
    int right = 20;
    int top = 60;
    int bottom = 150;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    double max = 10;
    for (String e : Report.ENGINES) {
      for (String wl : Report.WORKLOADS) {
        Double x = r.ratio(e, size, wl);
        if (x != null) {
          max = Math.max(max, x * 1.2);
        }
      }
    }
    double lo = Math.log10(0.1);
    double hi = Math.ceil(Math.log10(max));
    int plotH = h - top - bottom;
    int plotW = w - left - right;
    java.util.function.DoubleToIntFunction y = v -> top + (int) Math.round(plotH * (1 - (Math.log10(v) - lo) / (hi - lo)));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(String.format(Locale.ROOT, "Time per operation relative to plain H2, %,d rows (log scale, lower is better)",
        size), left, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double d = lo; d <= hi + 1e-9; d++) {
      for (int m = 1; m < 10; m++) {
        double v = Math.pow(10, d) * m;
        if (Math.log10(v) > hi + 1e-9) {
          break;
        }
        int yy = y.applyAsInt(v);
        g.setColor(m == 1 ? new Color(0xbbbbbb) : new Color(0xeeeeee));
        g.drawLine(left, yy, w - right, yy);
        if (m == 1) {
          g.setColor(Color.DARK_GRAY);
          String label = v >= 1 ? String.format(Locale.ROOT, "%.0fx", v) : String.format(Locale.ROOT, "%.1fx", v);
          g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), yy + 4);
        }
      }
    }
    int y1 = y.applyAsInt(1.0);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(2f));
    g.drawLine(left, y1, w - right, y1);
    g.setStroke(new BasicStroke(1f));
    g.drawString("plain H2 = 1x", left + 4, y1 + 14);
    int groups = Report.WORKLOADS.size();
    double groupW = (double) plotW / groups;
    int barW = (int) (groupW * 0.8 / Report.ENGINES.size());
    for (int gi = 0; gi < groups; gi++) {
      String wl = Report.WORKLOADS.get(gi);
      int gx = left + (int) (gi * groupW + groupW * 0.1);
      for (int ei = 0; ei < Report.ENGINES.size(); ei++) {
        String e = Report.ENGINES.get(ei);
        int x = gx + ei * barW;
        Double v = r.ratio(e, size, wl);
        if (v != null) {
          int yy = y.applyAsInt(Math.max(v, 0.1));
          g.setColor(COLORS[ei]);
          if (yy < y1) {
            g.fillRect(x, yy, barW - 2, y1 - yy);
          } else {
            g.fillRect(x, y1, barW - 2, yy - y1);
          }
        } else {
          String why = r.missing(e, size, wl).replace("*", "");
          if (!why.equals("not run")) {
            g.setColor(COLORS[ei]);
            drawVertical(g, why.equals("cannot answer") ? "n/a" : why, x + barW / 2 + 4, y1 - 6);
          }
        }
      }
      g.setColor(Color.BLACK);
      drawRotated(g, wl, left + (int) (gi * groupW + groupW / 2), h - bottom + 14);
    }
    int lx = left;
    int ly = h - 30;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int ei = 0; ei < Report.ENGINES.size(); ei++) {
      g.setColor(COLORS[ei]);
      g.fillRect(lx, ly - 11, 14, 14);
      g.setColor(Color.BLACK);
      String label = Report.ENGINE_NAMES.get(Report.ENGINES.get(ei));
      g.drawString(label, lx + 20, ly + 1);
      lx += 40 + g.getFontMetrics().stringWidth(label);
    }
    g.dispose();
    return img;
  }

  private static void drawRotated(Graphics2D g, String s, int cx, int y) {
    AffineTransform old = g.getTransform();
    g.rotate(Math.toRadians(30), cx - 20, y);
    g.drawString(s, cx - 20, y);
    g.setTransform(old);
  }

  private static void drawVertical(Graphics2D g, String s, int x, int y) {
    AffineTransform old = g.getTransform();
    g.rotate(-Math.PI / 2, x, y);
    g.drawString(s, x, y);
    g.setTransform(old);
  }

  /** Point-lookup time against table size, log-log, one line per engine (plain H2 included). */
  static BufferedImage scaling(Report r) {
    int w = 900;
    int h = 520;
    int left = 80;
    int right = 240;
    int top = 60;
    int bottom = 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    List<String> engines = new ArrayList<>(List.of("h2"));
    engines.addAll(Report.ENGINES);
    double min = Double.MAX_VALUE;
    double max = 0;
    for (String e : engines) {
      for (int s : r.sizes) {
        Report.Score sc = r.scores.get(new Report.Key(e, s, "point"));
        if (sc != null) {
          min = Math.min(min, sc.score());
          max = Math.max(max, sc.score());
        }
      }
    }
    if (max == 0) {
      g.dispose();
      return img;
    }
    double lo = Math.floor(Math.log10(min));
    double hi = Math.ceil(Math.log10(max));
    if (hi == lo) {
      hi = lo + 1;
    }
    double xlo = Math.log10(r.sizes.first());
    double xhi = Math.log10(r.sizes.last());
    int plotW = w - left - right;
    int plotH = h - top - bottom;
    final double flo = lo;
    final double fhi = hi;
    java.util.function.DoubleToIntFunction y = v -> top + (int) Math.round(plotH * (1 - (Math.log10(v) - flo) / (fhi - flo)));
    java.util.function.DoubleToIntFunction x = v -> left + (int) Math.round(plotW * (Math.log10(v) - xlo) / (xhi - xlo));
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString("Point lookup: µs per operation by table size (log-log)", left, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (double d = lo; d <= hi; d++) {
      int yy = y.applyAsInt(Math.pow(10, d));
      g.setColor(new Color(0xcccccc));
      g.drawLine(left, yy, left + plotW, yy);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%,.0f µs", Math.pow(10, d));
      if (d < 0) {
        label = String.format(Locale.ROOT, "%.2f µs", Math.pow(10, d));
      }
      g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), yy + 4);
    }
    for (int s : r.sizes) {
      int xx = x.applyAsInt(s);
      g.setColor(new Color(0xcccccc));
      g.drawLine(xx, top, xx, top + plotH);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%,d", s);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(label, xx - fm.stringWidth(label) / 2, top + plotH + 18);
    }
    Color[] colors = {Color.BLACK, COLORS[0], COLORS[1], COLORS[2], COLORS[3]};
    int ly = top + 10;
    for (int ei = 0; ei < engines.size(); ei++) {
      String e = engines.get(ei);
      g.setColor(colors[ei]);
      g.setStroke(new BasicStroke(2.5f));
      int px = -1;
      int py = -1;
      for (int s : r.sizes) {
        Report.Score sc = r.scores.get(new Report.Key(e, s, "point"));
        if (sc == null) {
          px = -1;
          continue;
        }
        int xx = x.applyAsInt(s);
        int yy = y.applyAsInt(sc.score());
        g.fillOval(xx - 4, yy - 4, 8, 8);
        if (px >= 0) {
          g.drawLine(px, py, xx, yy);
        }
        px = xx;
        py = yy;
      }
      g.setStroke(new BasicStroke(1f));
      g.fillRect(left + plotW + 20, ly - 10, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(Report.ENGINE_NAMES.get(e), left + plotW + 40, ly + 2);
      ly += 22;
    }
    g.dispose();
    return img;
  }
}
