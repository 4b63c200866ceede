package dev.jmail.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * GreenMail servers on 127.0.0.1 with dynamic ports, for the protocol tests. Their TLS servers use
 * the test key under {@code src/test/resources/tls} (CN=localhost, SAN 127.0.0.1; {@link #CA} is
 * its certificate, for {@code tls-ca-file}). Start-up may take seconds on a loaded machine.
 */
public final class LoopbackGreenMail {
  public static final Path TLS = tls();
  public static final Path CA = TLS.resolve("localhost.pem");

  static {
    System.setProperty("greenmail.tls.keystore.file", TLS.resolve("localhost.p12").toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
  }

  private LoopbackGreenMail() {}

  /** A GreenMail (not started) serving these protocols ({@link ServerSetup#PROTOCOL_SMTP}, …). */
  public static GreenMail of(String... protocols) {
    return new GreenMail(setups(protocols));
  }

  /** The server setups of {@link #of} (for GreenMail's JUnit extension). */
  public static ServerSetup[] setups(String... protocols) {
    ServerSetup[] setups = new ServerSetup[protocols.length];
    for (int i = 0; i < protocols.length; i++) {
      setups[i] = new ServerSetup(0, "127.0.0.1", protocols[i]).dynamicPort();
      setups[i].setServerStartupTimeout(Bounds.millis(10_000));
    }
    return setups;
  }

  private static Path tls() {
    try {
      return Path.of(LoopbackGreenMail.class.getResource("/tls").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
