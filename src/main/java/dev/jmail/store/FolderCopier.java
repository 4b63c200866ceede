package dev.jmail.store;

import dev.jmail.error.IoFailureException;
import dev.jmail.error.UsageException;
import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.store.lock.LockPolicy;
import dev.jmail.store.maildir.MaildirDelivery;
import dev.jmail.store.mbox.MboxAppender;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Copies messages into another folder ({@code save}, {@code move}, the quit-time move to {@code
 * MBOX}): to an mbox through {@link MboxAppender} (one lock, all or nothing; an mbox source's
 * {@code From } line and stored text are copied byte for byte), to a Maildir through {@link
 * MaildirDelivery} (flags kept in the name). A missing target is created. One message is in memory
 * at a time.
 */
public final class FolderCopier {
  private FolderCopier() {}

  public static void copy(Folder source, List<MessageEntry> messages, FolderLocator.Ref target, LockPolicy policy) {
    copy(source, messages, java.util.Map.of(), target, policy);
  }

  /**
   * @param replaced texts that stand for some messages (by number: edited in a session); the copy
   *     gets them instead of the stored text, with the message's From_ line and flags
   */
  public static void copy(
      Folder source, List<MessageEntry> messages, java.util.Map<Integer, byte[]> replaced, FolderLocator.Ref target,
      LockPolicy policy) {
    if (target.imap() != null) {
      List<dev.jmail.store.imap.ImapFolder.Incoming> in = new ArrayList<>(messages.size());
      for (MessageEntry e : messages) {
        byte[] text = replaced.containsKey(e.number()) ? replaced.get(e.number()) : content(source, e);
        in.add(new dev.jmail.store.imap.ImapFolder.Incoming(text, e.flags(), arrival(source, e)));
      }
      dev.jmail.store.imap.ImapFolder.append(target.imap(), in);
      return;
    }
    Path t = target.path().toAbsolutePath().normalize();
    if (t.equals(source.path().toAbsolutePath().normalize())) {
      throw new UsageException(target.path() + ": cannot save a folder's messages into itself");
    }
    if (target.type() == FolderType.MAILDIR) {
      for (MessageEntry e : messages) {
        byte[] text = replaced.get(e.number());
        MaildirDelivery.deliver(target.path(), text != null ? text : content(source, e), maildirFlags(e));
      }
      return;
    }
    Iterable<MboxAppender.Entry> entries =
        () ->
            new Iterator<>() {
              int i;

              @Override
              public boolean hasNext() {
                return i < messages.size();
              }

              @Override
              public MboxAppender.Entry next() {
                MessageEntry e = messages.get(i++);
                byte[] text = replaced.get(e.number());
                if (text == null) return mboxEntry(source, e);
                MboxAppender.Entry stored = mboxEntry(source, e);
                return new MboxAppender.Entry(stored.fromLine(), text);
              }
            };
    MboxAppender.appendAll(target.path(), policy, entries);
  }

  /** An mbox source is copied verbatim (From_ line and quoted text); others get a From_ line. */
  static MboxAppender.Entry mboxEntry(Folder source, MessageEntry e) {
    if (e.location() instanceof MessageLocation.Mbox loc) {
      try (FileChannel ch = FileChannel.open(source.path(), StandardOpenOption.READ)) {
        byte[] from = read(ch, loc.start(), (int) (loc.contentStart() - loc.start()));
        byte[] body = read(ch, loc.contentStart(), Math.toIntExact(loc.contentLength()));
        int n = from.length;
        while (n > 0 && (from[n - 1] == '\n' || from[n - 1] == '\r')) n--;
        return MboxAppender.Entry.quoted(java.util.Arrays.copyOf(from, n), body);
      } catch (IOException ex) {
        throw new IoFailureException(source.path() + ": " + ex.getMessage(), ex);
      }
    }
    byte[] raw = content(source, e);
    Instant date = Instant.now();
    if (e.location() instanceof MessageLocation.Maildir md) {
      try {
        date = Files.getLastModifiedTime(md.file()).toInstant();
      } catch (IOException ex) {
        // keep now
      }
    }
    return MboxAppender.Entry.of(returnPath(raw), date, raw);
  }

  /** When a message arrived, where its folder records it (Maildir: the file time; mbox: From_). */
  static Instant arrival(Folder source, MessageEntry e) {
    if (e.location() instanceof MessageLocation.Maildir md) {
      try {
        return Files.getLastModifiedTime(md.file()).toInstant();
      } catch (IOException ex) {
        return null;
      }
    }
    return null;
  }

  static byte[] content(Folder source, MessageEntry e) {
    try (InputStream in = source.open(e)) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new IoFailureException(source.path() + ": message " + e.number() + ": " + ex.getMessage(), ex);
    }
  }

  static String maildirFlags(MessageEntry e) {
    StringBuilder s = new StringBuilder();
    if (e.has(Flag.DRAFT)) s.append('D');
    if (e.has(Flag.FLAGGED)) s.append('F');
    if (e.has(Flag.ANSWERED)) s.append('R');
    if (e.has(Flag.SEEN)) s.append('S');
    if (s.length() == 0 && e.has(Flag.NEW)) return null;
    return s.toString();
  }

  /** The address in the first {@code Return-Path:} header, else empty (MAILER-DAEMON). */
  static String returnPath(byte[] raw) {
    String head = new String(raw, 0, Math.min(raw.length, 16384), StandardCharsets.ISO_8859_1);
    for (String line : head.split("\r?\n")) {
      if (line.isEmpty()) break;
      if (line.regionMatches(true, 0, "Return-Path:", 0, 12)) {
        String v = line.substring(12).trim();
        if (v.startsWith("<") && v.endsWith(">")) v = v.substring(1, v.length() - 1);
        return v;
      }
    }
    return "";
  }

  private static byte[] read(FileChannel ch, long at, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) throw new IOException("folder shrank while reading");
    }
    return b.array();
  }
}
