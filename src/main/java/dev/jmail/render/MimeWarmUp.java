package dev.jmail.render;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.util.SharedByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;

/**
 * Jakarta Mail made ready on a thread of its own while the caller opens the folder: in a fresh JVM
 * its first use costs 10-15 ms before a byte of the message is parsed ({@code MimeUtility} reads
 * its charset table out of angus-mail.jar, {@code MimeBodyPart} its properties, then the header,
 * content type and parameter parsers' own first runs), and a {@code read} spends about as long
 * finding the message (settings, the folder's lock and index) without touching Jakarta Mail.
 *
 * <p>The thread uses nothing but Jakarta Mail and the JDK, on bytes of its own, and {@link #await}
 * is called before the caller's first use of Jakarta Mail: so no class of it is ever initialised by
 * two threads at once, and a class-initialisation deadlock cannot happen. Any failure here only
 * loses the head start: the real parse reports what is wrong.
 */
public final class MimeWarmUp {
  /** Headers and a body that take the paths a message does: parameters, an encoded word, QP. */
  private static final byte[] SAMPLE =
      ("Content-Type: text/plain; charset=\"utf-8\"; format=flowed\r\n"
              + "Content-Transfer-Encoding: quoted-printable\r\n"
              + "Subject: =?utf-8?q?warm?=\r\n"
              + "\r\n"
              + "a=3Db\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  private final Thread thread;

  private MimeWarmUp(Thread thread) {
    this.thread = thread;
  }

  /** Starts the warm-up; the property {@code jmail.mime.warmup=false} leaves it out (A/B runs). */
  public static MimeWarmUp start() {
    if (System.getProperty("jmail.mime.warmup", "true").equals("false"))
      return new MimeWarmUp(null);
    Thread t = new Thread(MimeWarmUp::run, "mime-warmup");
    t.setDaemon(true);
    t.start();
    return new MimeWarmUp(t);
  }

  /** Waits until the warm-up thread no longer touches Jakarta Mail. */
  public void await() {
    if (thread == null) return;
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // finish waiting: the guarantee above needs it
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** The warm-up thread, or null when left out (tests). */
  Thread thread() {
    return thread;
  }

  private static void run() {
    try {
      MimeBodyPart p = new MimeBodyPart(new SharedByteArrayInputStream(SAMPLE));
      for (Enumeration<Header> e = p.getAllHeaders(); e.hasMoreElements(); ) e.nextElement();
      p.getHeader("Subject");
      new ContentType(p.getContentType()).getParameter("charset");
      p.getEncoding();
      p.getRawInputStream().readAllBytes();
    } catch (MessagingException | IOException | RuntimeException e) {
      // only the head start is lost
    }
  }
}
