package dev.jmail.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code jmail --version}: version, Java runtime, and the config files it would read. */
final class VersionInfo implements IVersionProvider {
  static String version() {
    String v = JmailCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "jmail " + version(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
    };
  }
}
