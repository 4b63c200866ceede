package dev.jmail.store.mbox;

import dev.jmail.message.Flag;
import dev.jmail.message.MessageEntry;
import dev.jmail.message.MessageLocation;
import dev.jmail.message.MessageSummary;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Throwaway prototype for issue 14's storage decision (not part of jmail): the same mbox summaries
 * kept in SQLite (sqlite-jdbc) against jmail's own mmap'd file (MboxIndex / SummaryTable), each
 * validated against the mbox the same way (stat + the two CRCs) and materialised as the
 * MessageSummary objects a listing formats. Run by src/bench/index-storage.sh.
 *
 * <pre>
 * start                           JVM start-up only
 * file   list|one N  MBOX INDEX   the mmap'd index: every summary / message N only
 * sqlite import      MBOX INDEX DB   copy the mmap'd index into a new SQLite database
 * sqlite list|one N  MBOX DB      the same from SQLite
 * </pre>
 *
 * Prints the count and a checksum of what was read, so both stores are seen to answer the same.
 */
public final class IndexStorageBench {
  public static void main(String[] a) throws Exception {
    switch (a[0]) {
      case "start" -> System.out.println("started");
      case "file" -> file(a);
      case "sqlite" -> sqlite(a);
      default -> throw new IllegalArgumentException(a[0]);
    }
  }

  private static void file(String[] a) throws Exception {
    boolean one = a[1].equals("one");
    int k = one ? 1 : 0;
    Path mbox = Path.of(a[2 + k]);
    Path file = Path.of(a[3 + k]);
    MboxIndex.Index idx = MboxIndex.load(file, mbox, true).orElseThrow();
    try (FileChannel ch = FileChannel.open(mbox, StandardOpenOption.READ)) {
      String why = MboxIndex.mismatch(idx, MboxIndex.State.of(mbox), ch, new boolean[1]);
      if (why != null) throw new IllegalStateException(why);
    }
    List<MessageSummary> out = new ArrayList<>();
    if (one) {
      out.add(idx.summary(Integer.parseInt(a[2]) - 1));
    } else {
      for (int i = 0; i < idx.size(); i++) out.add(idx.summary(i));
    }
    report(out);
  }

  private static final String COLUMNS =
      "n, start, cstart, cend, fin, lines, flags, has_date, sec, nano, off, known, from_name,"
          + " from_addr, subject, msgid";

  private static void sqlite(String[] a) throws Exception {
    switch (a[1]) {
      case "import" -> {
        Path mbox = Path.of(a[2]);
        MboxIndex.Index idx = MboxIndex.load(Path.of(a[3]), mbox, true).orElseThrow();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + a[4])) {
          try (Statement s = c.createStatement()) {
            s.execute(
                "create table state (path text, dev int, ino int, size int, mtime int, ctime int,"
                    + " head_crc int, last_start int, last_len int, last_crc int)");
            s.execute(
                "create table summary (n integer primary key, start int, cstart int, cend int,"
                    + " fin int, lines int, flags int, has_date int, sec int, nano int, off int,"
                    + " known int, from_name text, from_addr text, subject text, msgid text)");
          }
          c.setAutoCommit(false);
          try (PreparedStatement p =
              c.prepareStatement("insert into state values (?,?,?,?,?,?,?,?,?,?)")) {
            MboxIndex.State st = idx.state();
            p.setString(1, MboxIndex.key(mbox));
            p.setLong(2, st.dev());
            p.setLong(3, st.ino());
            p.setLong(4, st.size());
            p.setLong(5, st.mtimeNs());
            p.setLong(6, st.ctimeNs());
            p.setInt(7, idx.headCrc());
            p.setLong(8, idx.lastStart());
            p.setInt(9, idx.lastLen());
            p.setInt(10, idx.lastCrc());
            p.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "insert into summary (" + COLUMNS + ") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (int i = 0; i < idx.size(); i++) {
              MessageSummary m = idx.summary(i);
              MessageLocation.Mbox l = (MessageLocation.Mbox) m.entry().location();
              p.setInt(1, i + 1);
              p.setLong(2, l.start());
              p.setLong(3, l.contentStart());
              p.setLong(4, l.contentEnd());
              p.setLong(5, l.end());
              p.setLong(6, m.entry().lines());
              int bits = 0;
              for (Flag f : m.entry().flags()) bits |= 1 << f.ordinal();
              p.setInt(7, bits);
              p.setInt(8, m.date() == null ? 0 : 1);
              p.setLong(9, m.date() == null ? 0 : m.date().toEpochSecond());
              p.setInt(10, m.date() == null ? 0 : m.date().getNano());
              p.setInt(11, m.date() == null ? 0 : m.date().getOffset().getTotalSeconds());
              p.setInt(12, m.dateOffsetKnown() ? 1 : 0);
              p.setString(13, m.fromName());
              p.setString(14, m.fromAddress());
              p.setString(15, m.subject());
              p.setString(16, m.messageId());
              p.addBatch();
              if (i % 1000 == 999) p.executeBatch();
            }
            p.executeBatch();
          }
          c.commit();
        }
      }
      case "list", "one" -> {
        boolean one = a[1].equals("one");
        int k = one ? 1 : 0;
        Path mbox = Path.of(a[2 + k]);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + a[3 + k])) {
          validate(c, mbox);
          List<MessageSummary> out = new ArrayList<>();
          String sql = "select " + COLUMNS + " from summary" + (one ? " where n = ?" : " order by n");
          try (PreparedStatement p = c.prepareStatement(sql)) {
            if (one) p.setInt(1, Integer.parseInt(a[2]));
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) out.add(row(r));
            }
          }
          report(out);
        }
      }
      default -> throw new IllegalArgumentException(a[1]);
    }
  }

  private static void validate(Connection c, Path mbox) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select * from state");
        FileChannel ch = FileChannel.open(mbox, StandardOpenOption.READ)) {
      if (!r.next() || !r.getString(1).equals(MboxIndex.key(mbox)))
        throw new IllegalStateException("another mbox");
      MboxIndex.State was =
          new MboxIndex.State(r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6));
      if (!was.equals(MboxIndex.State.of(mbox))) throw new IllegalStateException("stale");
      if (MboxIndex.crc(ch, 0, (int) Math.min(MboxIndex.CHECKED, was.size())) != r.getInt(7)
          || MboxIndex.crc(ch, r.getLong(8), r.getInt(9)) != r.getInt(10))
        throw new IllegalStateException("bytes changed");
    }
  }

  private static final Flag[] FLAGS = Flag.values();

  private static MessageSummary row(ResultSet r) throws Exception {
    MessageLocation.Mbox l =
        new MessageLocation.Mbox(r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
    int bits = r.getInt(7);
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    for (Flag f : FLAGS) if ((bits & (1 << f.ordinal())) != 0) flags.add(f);
    MessageEntry e =
        new MessageEntry(r.getInt(1), l, l.contentEnd() - l.contentStart(), r.getLong(6), flags);
    OffsetDateTime date =
        r.getInt(8) == 0
            ? null
            : OffsetDateTime.ofInstant(
                Instant.ofEpochSecond(r.getLong(9), r.getInt(10)),
                ZoneOffset.ofTotalSeconds(r.getInt(11)));
    return new MessageSummary(
        e, r.getString(13), r.getString(14), r.getString(15), date, r.getInt(12) != 0,
        r.getString(16));
  }

  private static void report(List<MessageSummary> out) {
    long sum = 0;
    for (MessageSummary m : out) {
      sum = sum * 31 + m.subject().hashCode();
      sum = sum * 31 + (m.fromAddress() == null ? 0 : m.fromAddress().hashCode());
      sum = sum * 31 + ((MessageLocation.Mbox) m.entry().location()).start();
      for (Flag f : m.entry().flags()) sum = sum * 31 + f.ordinal(); // Enum.hashCode: per run
      sum = sum * 31 + (m.date() == null ? 0 : m.date().hashCode());
    }
    System.out.println(out.size() + " " + Long.toHexString(sum));
  }
}
