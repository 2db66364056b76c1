#!/usr/bin/env bash
# Sourced by every script: finds a JDK 21+ and exports JAVA_HOME, PATH and MAVEN_OPTS.
# Order: $JAVA_HOME when it is new enough, else the newest JDK under /usr/lib/jvm.

java_major() { # prints the feature version of the java binary in $1/bin/java
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p' | head -n1 | cut -d. -f1
}

find_jdk() {
  local candidate best="" best_major=0 major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    [ -L "$candidate" ] && continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

if ! EDGEWORKS_JDK=$(find_jdk); then
  echo "ERROR: no JDK 21 or newer found (JAVA_HOME='${JAVA_HOME:-}', nothing suitable under /usr/lib/jvm)." >&2
  echo "       Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 25, or point JAVA_HOME at it." >&2
  exit 1
fi
export JAVA_HOME=$EDGEWORKS_JDK
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
