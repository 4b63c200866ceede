#!/bin/sh
# Installs (or uninstalls) jmail from a build (run it as target/install.sh after
# `mvn package`):
#
#   target/install.sh --user              # ~/.local: bin, lib/jmail, share/man, completions
#   sudo target/install.sh                # /usr/local (same as --prefix /usr/local)
#   target/install.sh --prefix DIR        # anywhere
#   target/install.sh --user --uninstall  # removes exactly what was installed
#   --no-cds: skip building the start-up cache (start-up is slower)
#
# Layout under PREFIX:
#   bin/jmail                                   the launcher
#   lib/jmail/*.jar, cds.sh, jvm.options        the program, its JVM flags,
#   lib/jmail/jmail.jsa or jmail-FEATURE.aot    its start-up cache for the installing Java
#   lib/jmail/jmail-{help,list,read,send}.jsa   small ones for --version and --help, the header
#     (or -KIND-FEATURE.aot)                    summary, read and a send (the launcher picks)
#   share/man/man1/jmail.1                      the manual page
#   share/bash-completion/completions/jmail     bash (bash-completion loads it on first TAB)
#   share/zsh/site-functions/_jmail             zsh
#   share/fish/vendor_completions.d/jmail.fish  fish
set -eu

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "$0"
}

prefix=/usr/local
action=install
cds=yes
while [ $# -gt 0 ]; do
  case $1 in
    --user) prefix=${XDG_DATA_HOME:+${XDG_DATA_HOME%/share}}; prefix=${prefix:-$HOME/.local} ;;
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 64; }
      prefix=$2; shift ;;
    --prefix=*) prefix=${1#--prefix=} ;;
    --uninstall) action=uninstall ;;
    --no-cds) cds=no ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
  esac
  shift
done
case $prefix in
  /*) ;;
  *) prefix=$(pwd -P)/$prefix ;;
esac

here=$(cd "$(dirname "$0")" && pwd -P)
bindir=$prefix/bin
libdir=$prefix/lib/jmail
mandir=$prefix/share/man/man1
bashdir=$prefix/share/bash-completion/completions
zshdir=$prefix/share/zsh/site-functions
fishdir=$prefix/share/fish/vendor_completions.d

if [ "$action" = uninstall ]; then
  rm -f "$bindir/jmail" "$mandir/jmail.1" "$bashdir/jmail" "$zshdir/_jmail" "$fishdir/jmail.fish"
  rm -rf "$libdir"
  # Remove the directories this script may have created, if they are now empty.
  for d in "$bashdir" "$prefix/share/bash-completion" "$zshdir" "$prefix/share/zsh" \
    "$fishdir" "$prefix/share/fish" "$mandir" "$prefix/share/man" "$prefix/lib" "$bindir"; do
    rmdir "$d" 2>/dev/null || true
  done
  echo "jmail uninstalled from $prefix"
  exit 0
fi

if [ ! -f "$here/lib/jmail.jar" ] || [ ! -f "$here/jmail" ]; then
  echo "install.sh: no build next to this script: run 'mvn -B package -DskipTests' first and use target/install.sh" >&2
  exit 66
fi

mkdir -p "$bindir" "$mandir" "$bashdir" "$zshdir" "$fishdir"
# The jars: a fresh directory, written beside the old one and swapped in.
rm -rf "$libdir.new"
mkdir -p "$libdir.new"
cp "$here"/lib/*.jar "$here/lib/cds.sh" "$here/lib/jvm.options" "$libdir.new/"
if [ -d "$here/lib/native" ]; then cp -R "$here/lib/native" "$libdir.new/"; fi
chmod 644 "$libdir.new"/*.jar
chmod 755 "$libdir.new/cds.sh"
rm -rf "$libdir"
mv "$libdir.new" "$libdir"
cp "$here/jmail" "$bindir/jmail.new" && chmod 755 "$bindir/jmail.new" && mv -f "$bindir/jmail.new" "$bindir/jmail"
cp "$here/man/jmail.1" "$mandir/jmail.1" && chmod 644 "$mandir/jmail.1"
cp "$here/completions/jmail.bash" "$bashdir/jmail" && chmod 644 "$bashdir/jmail"
cp "$here/completions/_jmail" "$zshdir/_jmail" && chmod 644 "$zshdir/_jmail"
cp "$here/completions/jmail.fish" "$fishdir/jmail.fish" && chmod 644 "$fishdir/jmail.fish"
# The start-up cache (class data sharing archive, or ahead-of-time cache on Java 24+) is for the
# Java that installs (JAVA_HOME, else PATH) and records the jars' location: built where they now are.
if [ "$cds" = yes ] && ! sh "$libdir/cds.sh" "$libdir"; then
  echo "install.sh: note: jmail will work, but start more slowly" >&2
fi
chmod 644 "$libdir"/jmail*.jsa* "$libdir"/jmail-*.aot* 2>/dev/null || true

echo "jmail installed in $prefix"
case ":$PATH:" in
  *":$bindir:"*) ;;
  *) echo "  add $bindir to PATH (then 'jmail' and 'man jmail' work in a new shell)" ;;
esac
case $bashdir in
  "${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion/completions" | /usr/local/share/* | /usr/share/*) ;;
  *) echo "  bash: add to ~/.bashrc:  . $bashdir/jmail" ;;
esac
case $zshdir in
  /usr/local/share/* | /usr/share/*) ;;
  *) echo "  zsh: add to ~/.zshrc before compinit:  fpath=($zshdir \$fpath)" ;;
esac
if command -v fish >/dev/null 2>&1 &&
  ! fish --no-config -c "contains -- $fishdir \$fish_complete_path" 2>/dev/null; then
  echo "  fish: add to ~/.config/fish/config.fish:  set -p fish_complete_path $fishdir"
fi
