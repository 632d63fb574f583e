#!/bin/sh
# /usr/bin/nnviz: starts the bundled nnviz in ../lib/nnviz (relative to this script, so an
# unpacked package works too). A single .nnviz or .nnviz-lesson file argument (what the desktop
# file and file managers pass) is opened as a scenario or lesson.
here=$(dirname "$(readlink -f "$0")")
app="$here/../lib/nnviz/nnviz"
if [ $# -eq 1 ] && [ -f "$1" ]; then
  case "$1" in
    *.nnviz|*.nnviz-lesson) exec "$app" --open "$1" ;;
  esac
fi
exec "$app" "$@"
