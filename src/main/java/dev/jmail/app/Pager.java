package dev.jmail.app;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Long text through $PAGER when stdout is a terminal; straight to stdout otherwise. */
public final class Pager {
  private Pager() {}

  public static void show(Invocation inv, String text) {
    Context ctx = inv.context();
    int rows = ctx.env().get("LINES").map(Pager::parse).orElse(24);
    if (!ctx.stdoutIsTerminal()
        || !dev.jmail.render.DisplayWidth.moreRowsThan(text, ctx.columns(), rows - 1)) {
      ctx.out().print(text);
      ctx.out().flush();
      return;
    }
    page(inv, text);
  }

  /**
   * Runs {@code PAGER} (rc variable, else environment, else less) with the text on its stdin and
   * the terminal as its output; prints the text itself when no pager can be started. The caller has
   * decided that paging is wanted.
   */
  public static void page(Invocation inv, String text) {
    Context ctx = inv.context();
    String pager = inv.settings().get("PAGER").or(() -> ctx.env().get("PAGER")).orElse("less");
    ctx.out().flush();
    ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", pager));
    pb.environment().putAll(ctx.env().asMap());
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the pager quit early (q in less): fine
      }
      p.waitFor();
    } catch (IOException e) {
      ctx.out().print(text); // no pager: print it
      ctx.out().flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int parse(String s) {
    try {
      int n = Integer.parseInt(s.trim());
      return n > 2 ? n : 24;
    } catch (NumberFormatException e) {
      return 24;
    }
  }
}
