package dev.jmail;

import dev.jmail.app.Context;
import dev.jmail.cli.Cli;

/** The only place that exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Context context = Context.system();
    int status = Cli.run(context, args);
    context.out().flush();
    context.err().flush();
    // Status 0 and no other thread to wait for: returning ends the JVM with status 0 as
    // System.exit(0) would, shutdown hooks included, without what Runtime.exit does first on
    // Java 21+ (it looks up a System.Logger to log the call: on JDK 25 about 320 more classes,
    // lambdas spun at run time, 15-30 ms of CPU per run; see src/bench/startup.sh).
    if (status == 0 && noOtherUserThread()) return;
    System.exit(status);
  }

  /** True when no live thread but this one would keep the JVM from ending when main returns. */
  private static boolean noOtherUserThread() {
    Thread self = Thread.currentThread();
    ThreadGroup group = self.getThreadGroup();
    while (group.getParent() != null) group = group.getParent();
    Thread[] threads = new Thread[group.activeCount() + 8];
    int n = group.enumerate(threads, true);
    if (n == threads.length) return false; // more than counted: do not guess
    for (int i = 0; i < n; i++) {
      if (threads[i] != self && threads[i].isAlive() && !threads[i].isDaemon()) return false;
    }
    return true;
  }
}
