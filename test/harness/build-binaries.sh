#!/usr/bin/env bash
# Builds the control-plane binaries the tests run against, from the Go module proxy,
# into a cache outside the repo. A warm run (every binary present and stamped with the
# same versions) returns in well under a second.
#
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  <- k8s.io/kubernetes
#   etcd                                                              <- go.etcd.io/etcd/server/v3
#   kwok, kwokctl                                                     <- sigs.k8s.io/kwok
#
# k8s.io/kubernetes replaces its k8s.io/* staging modules with ./staging paths, so
# `go install` refuses it. We build from a generated wrapper module whose own replace
# block pins each staging module to v0.<minor>.<patch> (kubernetes/kubernetes#79384).
set -euo pipefail

K8S_VERSION="${TETHER_K8S_VERSION:-v1.36.3}"
ETCD_VERSION="${TETHER_ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${TETHER_KWOK_VERSION:-v0.8.0}"
CACHE_ROOT="${TETHER_CACHE:-$HOME/.cache/tether}"
BIN="$CACHE_ROOT/k8s/$K8S_VERSION/bin"
STAMP="$BIN/.versions"
WANT="k8s=$K8S_VERSION etcd=$ETCD_VERSION kwok=$KWOK_VERSION"
BINARIES=(kube-apiserver kube-controller-manager kube-scheduler kubectl etcd kwok kwokctl)

say() { printf '[build-binaries] %s\n' "$*" >&2; }

# kwok's default stages (what kwokctl uses when given none), copied verbatim from the kwok
# module: the harness passes them to kwokctl together with its own, because stages given
# in --config replace the defaults. Same list as kwokctl's runtime/cluster.go
# (node-initialize, node-heartbeat-with-lease, pod-ready, pod-complete, pod-delete).
STAGES="$CACHE_ROOT/k8s/$K8S_VERSION/kwok-$KWOK_VERSION-stages"
copy_default_stages() {
  [[ -f "$STAGES/pod-ready.yaml" ]] && return 0
  command -v go >/dev/null || { say "FATAL: go is not on PATH (needed to fetch kwok's stages)"; exit 1; }
  local dir
  dir="$(cd / && GOFLAGS= go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/.*"Dir": "\(.*\)",/\1/p')"
  [[ -d "$dir/kustomize/stage" ]] || { say "FATAL: no kwok module source for $KWOK_VERSION"; exit 1; }
  mkdir -p "$STAGES"
  cp "$dir/kustomize/stage/node/fast/node-initialize.yaml" \
    "$dir/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" \
    "$dir/kustomize/stage/pod/fast/pod-ready.yaml" \
    "$dir/kustomize/stage/pod/fast/pod-complete.yaml" \
    "$dir/kustomize/stage/pod/fast/pod-delete.yaml" "$STAGES/"
  chmod 644 "$STAGES"/*.yaml
}

if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
  ok=1
  for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || ok=0; done
  if [[ $ok == 1 ]]; then
    copy_default_stages
    say "warm: $WANT in $BIN"
    echo "$BIN"
    exit 0
  fi
fi

command -v go >/dev/null || { say "FATAL: go is not on PATH; the control plane is built with Go"; exit 1; }
start=$(date +%s)
mkdir -p "$BIN"
# Go's own caches live beside ours so a CI run on the same machine reuses them.
export GOMODCACHE="${GOMODCACHE:-$(go env GOMODCACHE)}"
export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"
export CGO_ENABLED=0
export GOFLAGS="-mod=mod"

minor_patch="${K8S_VERSION#v1.}"   # 36.3
staging_version="v0.$minor_patch"  # v0.36.3
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
IFS=. read -r major minor _ <<<"${K8S_VERSION#v}"

# --- kubernetes -------------------------------------------------------------------------
kdir="$CACHE_ROOT/k8s/$K8S_VERSION/wrapper"
mkdir -p "$kdir"
say "resolving k8s.io/kubernetes@$K8S_VERSION"
modfile="$(cd "$kdir" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",/\1/p')"
[[ -f "$modfile" ]] || { say "FATAL: could not download k8s.io/kubernetes@$K8S_VERSION"; exit 1; }
{
  echo "module local/tether-k8s-binaries"
  echo
  echo "go $(go env GOVERSION | sed 's/^go//; s/\([0-9]*\.[0-9]*\).*/\1/').0"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  echo "replace ("
  grep -E '=> \./staging/src/' "$modfile" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
  echo ")"
} >"$kdir/go.mod"
cat >"$kdir/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$build_date"
done
say "go mod tidy (kubernetes wrapper)"
(cd "$kdir" && go mod tidy -e >/dev/null 2>"$kdir/tidy.log" || { cat "$kdir/tidy.log" >&2; exit 1; })
say "building kube-apiserver kube-controller-manager kube-scheduler kubectl"
(cd "$kdir" && go build -tags tools -trimpath -ldflags "$ldflags" -o "$BIN/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl)

# --- etcd (a separate wrapper: its dependency pins differ from kubernetes') -------------
edir="$CACHE_ROOT/k8s/etcd-$ETCD_VERSION/wrapper"
mkdir -p "$edir"
cat >"$edir/go.mod" <<GO
module local/tether-etcd

go 1.24.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
GO
cat >"$edir/tools.go" <<'GO'
//go:build tools

package tools

import _ "go.etcd.io/etcd/server/v3"
GO
say "building etcd $ETCD_VERSION"
(cd "$edir" && go mod tidy -e >/dev/null 2>"$edir/tidy.log" || { cat "$edir/tidy.log" >&2; exit 1; })
(cd "$edir" && go build -tags tools -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3)

# --- kwok ------------------------------------------------------------------------------
say "building kwok and kwokctl $KWOK_VERSION"
GOBIN="$BIN" GOFLAGS= go install -trimpath -ldflags "-s -w" \
  "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwokctl@$KWOK_VERSION"

for b in "${BINARIES[@]}"; do [[ -x "$BIN/$b" ]] || { say "FATAL: $b was not built"; exit 1; }; done
copy_default_stages
echo "$WANT" >"$STAMP"
say "cold build took $(( $(date +%s) - start )) s: $WANT in $BIN"
echo "$BIN"
