# SPDX-License-Identifier: GPL-2.0
# Shared settings and helpers for the host-side scripts.  Sourced, not run.
#
# Every variable here can be overridden from the environment or from make:
#
#   KERNEL_SRC     your own mainline git clone (default: a cached tree made
#                  from Debian's linux-source-7.3 package)
#   BASE           the ref the series applies to (default: v7.3-rc7)
#   ARCH           x86_64 or arm64 (default: arm64, the RK3588's arch), or
#                  riscv64 (a guest without an mmdump arch hook: the
#                  generic core alone)
#   FLAVOUR        a variant of the guest kernel: empty (the test guest),
#                  debug (plus configs/debug.config) or board (the RK3588
#                  kernel, set by board.sh); it has its own build
#                  directory, results and initramfs and, if there are,
#                  selftests/tests-FLAVOUR.txt and kunit-suites-FLAVOUR.txt
#   MMDUMP_CACHE   where downloads, the base tree and builds live
#                  (default: ~/.cache/mmdump)
#   DEBIAN_MIRROR  the Debian archive to fetch packages from (default: the
#                  one this machine's apt sources use)
#   ARM64_CROSS_COMPILE, X86_64_CROSS_COMPILE, RISCV64_CROSS_COMPILE
#                  cross-compiler prefixes (default: aarch64-linux-gnu-,
#                  none, riscv64-linux-gnu-)

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${MMDUMP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmdump}
ARCH=${ARCH:-arm64}
RESULTS=${RESULTS:-$TOP/results}
JOBS=${JOBS:-$(nproc)}

# The base the series targets, and the Debian package that provides it when
# no KERNEL_SRC is given.
BASE_TAG=v7.3-rc7
DEB_PACKAGE=linux-source-7.3
DEB_VERSION='7.3~rc7-1~exp1'
DEB_SUITE=experimental

# The project identity the patches carry (a role, not a person).  The
# cached tree is configured with it (get-base.sh), so the commits git am
# makes there have it as committer; in a KERNEL_SRC tree, yours is used.
PROJECT_NAME="mmdump maintainers"
PROJECT_EMAIL=mmdump-maintainers@example.org

msg()  { printf '==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
warn() { printf '\n*** WARNING: %s\n\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# The kernel tree the scripts apply to and build from.
if [[ -n ${KERNEL_SRC:-} ]]; then
	TREE=$(cd "$KERNEL_SRC" && pwd) || die "KERNEL_SRC=$KERNEL_SRC does not exist"
	BASE=${BASE:-$BASE_TAG}
else
	TREE=$CACHE/linux
	# get-base.sh records the tag it created (normally v7.3-rc7).
	BASE=${BASE:-$(cat "$CACHE/base-ref" 2>/dev/null || echo "$BASE_TAG")}
fi
WORK_BRANCH=${WORK_BRANCH:-mmdump}

case $ARCH in
x86_64)
	KARCH=x86
	CROSS_COMPILE=${X86_64_CROSS_COMPILE:-}
	KIMAGE=arch/x86/boot/bzImage
	TRIPLET=x86_64-linux-gnu
	DEBARCH=amd64
	GUEST_SUITE=bookworm
	;;
arm64|aarch64)
	ARCH=arm64
	KARCH=arm64
	CROSS_COMPILE=${ARM64_CROSS_COMPILE:-aarch64-linux-gnu-}
	KIMAGE=arch/arm64/boot/Image
	TRIPLET=aarch64-linux-gnu
	DEBARCH=arm64
	GUEST_SUITE=bookworm
	;;
riscv64)
	KARCH=riscv
	CROSS_COMPILE=${RISCV64_CROSS_COMPILE:-riscv64-linux-gnu-}
	KIMAGE=arch/riscv/boot/Image
	TRIPLET=riscv64-linux-gnu
	DEBARCH=riscv64
	# Debian has riscv64 from trixie on.
	GUEST_SUITE=trixie
	;;
*)
	die "ARCH=$ARCH is not supported (use x86_64, arm64 or riscv64)"
	;;
esac

# The build directory of an arch: per tree, a KERNEL_SRC tree gets its own.
kbuild_dir() {
	if [[ -n ${KERNEL_SRC:-} ]]; then
		echo "$CACHE/build/$(basename "$TREE")-$(printf '%s' "$TREE" | sha256sum | cut -c1-8)/$1"
	else
		echo "$CACHE/build/$1"
	fi
}
FLAVOUR=${FLAVOUR:-}
# The name of this arch and flavour: build directory, results, initramfs.
LABEL=$ARCH${FLAVOUR:+-$FLAVOUR}
KBUILD=$(kbuild_dir "$LABEL")

# guest_list tests|kunit-suites: the list the guest of this arch and
# flavour runs: selftests/NAME-FLAVOUR.txt if there is one, else the
# arch's tests-ARCH.txt, or kunit-suites.txt.
guest_list() {
	local own=$TOP/selftests/$1-$FLAVOUR.txt

	if [[ -n $FLAVOUR && -f $own ]]; then
		echo "$own"
	elif [[ $1 == tests ]]; then
		echo "$TOP/selftests/tests-$ARCH.txt"
	else
		echo "$TOP/selftests/$1.txt"
	fi
}

# Stop unless the kernel tree has no uncommitted changes to tracked files.
require_clean_tree() {
	[[ -z $(git -C "$TREE" status --porcelain --untracked-files=no) ]] ||
		die "the kernel tree $TREE has uncommitted changes${1:+; $1}"
}

# The patch files named by the series file, in order, without comments.
series_patches() {
	sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^[[:space:]]*$/d' \
		"$TOP/series" | awk '{print $1}'
}

# For each patch the series file ($1, default series) names, in order,
# "local" if its line is marked "# local" (applied and tested, never
# mailed) or "upstream".
series_flags() {
	sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' "${1:-$TOP/series}" |
		sed -n 's/.*#[[:space:]]*local\b.*/local/p; t; s/.*/upstream/p'
}

# The commits of $BASE..$WORK_BRANCH that the series file ($1, default
# series) does not mark "# local", one a line, in order; the n-th commit
# is the n-th patch.  Fails, saying why, unless the series names as many
# patches as the branch has commits, the local ones after the upstream
# ones (so that the upstream part is one range), and some upstream.
upstream_commits() {
	local -a commits flags
	local i n=0

	mapfile -t commits < <(git -C "$TREE" rev-list --reverse "$BASE..$WORK_BRANCH")
	mapfile -t flags < <(series_flags "${1:-}")
	if [[ ${#flags[@]} -ne ${#commits[@]} ]]; then
		echo "ERROR: series lists ${#flags[@]} patches, $WORK_BRANCH has ${#commits[@]} commits; run make apply" >&2
		return 1
	fi
	for i in "${!commits[@]}"; do
		[[ ${flags[$i]} == upstream ]] || continue
		if [[ $n -ne $i ]]; then
			echo "ERROR: series: patch $((i + 1)) is sent upstream but follows a '# local' one" >&2
			return 1
		fi
		echo "${commits[$i]}"
		n=$((n + 1))
	done
	[[ $n -gt 0 ]] || { echo "ERROR: series: every patch is marked '# local'" >&2; return 1; }
}

# What a config fragment line requests: sets REQ_SYM and REQ_LINE (the
# line as .config must have it); fails for comments and other lines.
config_request() {
	if [[ $1 =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
		REQ_SYM=${BASH_REMATCH[1]}
		REQ_LINE=$1
	elif [[ $1 =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
		REQ_SYM=${BASH_REMATCH[1]}
		REQ_LINE="# $REQ_SYM is not set"
	else
		return 1
	fi
}

# The line CONFIG_FILE has for SYMBOL, or nothing.
config_line() {
	grep -E "^($1=|# $1 is not set)" "$2" || true
}

# check_fragment CONFIG FRAGMENT [DEFCONFIG]
# Every CONFIG_FOO=val and '# CONFIG_FOO is not set' in FRAGMENT must be
# in CONFIG as written (an unset option may also be absent: its
# dependencies are off); with DEFCONFIG, no line may ask for what
# DEFCONFIG already has.  An ERROR line for each problem; fails if any.
check_fragment() {
	local config=$1 frag=$2 base=${3:-} bad=0 line got had

	while IFS= read -r line; do
		config_request "$line" || continue
		got=$(config_line "$REQ_SYM" "$config")
		[[ -z $got && $REQ_LINE == "# $REQ_SYM is not set" ]] && got=$REQ_LINE
		if [[ $got != "$REQ_LINE" ]]; then
			printf 'ERROR: %s: %s requested, but .config has %s\n' "${frag#"$TOP"/}" \
				"$REQ_LINE" "${got:-nothing (missing dependency or no such option)}" >&2
			bad=1
			continue
		fi
		[[ -n $base ]] || continue
		had=$(config_line "$REQ_SYM" "$base")
		[[ -z $had && $REQ_LINE == "# $REQ_SYM is not set" ]] && had=$REQ_LINE
		if [[ $had == "$REQ_LINE" ]]; then
			printf 'ERROR: %s: %s is what defconfig already has; drop the line\n' \
				"${frag#"$TOP"/}" "$REQ_LINE" >&2
			bad=1
		fi
	done <"$frag"
	return $bad
}

# make in the kernel tree with the right arch, cross compiler and output dir.
kmake() {
	local cc=()

	if command -v ccache >/dev/null; then
		cc=(CC="ccache ${CROSS_COMPILE}gcc")
	fi
	make -C "$TREE" O="$KBUILD" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		"${cc[@]}" -j"$JOBS" "$@"
}

# The Debian mirror: DEBIAN_MIRROR, else the first archive URI in this
# machine's apt sources (deb822 or one-line format) that is not a security
# archive.
debian_mirror() {
	local uri

	if [[ -n ${DEBIAN_MIRROR:-} ]]; then
		echo "$DEBIAN_MIRROR"
		return
	fi
	uri=$( { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources |
		 awk '{print $2}'
		 grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
		 sed -e 's/\[[^]]*\]//' | awk '{print $2}'
	       } | grep -v -- '-security' | sed -n 1p)
	[[ -n $uri ]] || die "no Debian mirror in /etc/apt; set DEBIAN_MIRROR"
	echo "${uri%/}"
}

# apt-get/apt-cache with a private configuration under $CACHE/apt, so the
# system's sources are never touched.  Knows amd64 and arm64 packages of
# bookworm, trixie, sid and experimental (riscv64: trixie on).
APT_DIR=$CACHE/apt
papt_setup() {
	local mirror key=/usr/share/keyrings/debian-archive-keyring.gpg

	mirror=$(debian_mirror)
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial" "$APT_DIR/debs"
	cat >"$APT_DIR/sources.list.new" <<-EOF
	deb [arch=amd64,arm64,riscv64 signed-by=$key] $mirror bookworm main
	deb [arch=amd64,arm64,riscv64 signed-by=$key] $mirror trixie main
	deb [arch=amd64,arm64,riscv64 signed-by=$key] $mirror sid main
	deb [arch=amd64,arm64,riscv64 signed-by=$key] $mirror experimental main
	EOF
	if ! cmp -s "$APT_DIR/sources.list.new" "$APT_DIR/sources.list" ||
	   [[ -z $(find "$APT_DIR/lists" -maxdepth 1 -name '*Packages*' -mmin -1440) ]]; then
		mv "$APT_DIR/sources.list.new" "$APT_DIR/sources.list"
		msg "Updating the private apt lists ($mirror: bookworm, trixie, sid, experimental; amd64, arm64, riscv64)"
		papt apt-get -q update >&2 || die "apt-get update failed (mirror $mirror)"
	fi
	rm -f "$APT_DIR/sources.list.new"
}

papt() {
	local tool=$1

	shift
	"$tool" -o Dir::Etc::SourceList="$APT_DIR/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$APT_DIR/lists" \
		-o Dir::Cache::archives="$APT_DIR/archives" \
		-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= \
		-o APT::Architecture=amd64 -o APT::Architectures::=arm64 -o APT::Architectures::=riscv64 \
		-o APT::Default-Release="${PAPT_RELEASE:-bookworm}" \
		-o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

# Download one package (NAME or NAME:ARCH, optionally =VERSION; by default
# the bookworm version, else the newest) into $APT_DIR/debs once and print
# the path of the .deb.
papt_fetch() {
	local spec=$1 name arch pkg ver deb tmp

	name=${spec%%[:=]*}
	pkg=${spec%%=*}
	arch=all
	[[ $pkg == *:* ]] && arch=${pkg#*:}
	ver=
	[[ $spec == *=* ]] && ver=${spec#*=}
	if [[ -z $ver ]]; then
		ver=$(papt apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
	fi
	[[ -n $ver && $ver != "(none)" ]] || die "package $pkg is not in the registry"
	deb=$APT_DIR/debs/${name}_${arch}_${ver//:/%3a}.deb
	if [[ ! -f $deb ]]; then
		info "downloading $pkg $ver"
		tmp=$(mktemp -d "$APT_DIR/debs/tmp.XXXXXX")
		(cd "$tmp" && papt apt-get -q download "$pkg=$ver" >&2) ||
			{ rm -rf "$tmp"; die "apt-get download $pkg=$ver failed"; }
		mv "$tmp"/*.deb "$deb"
		rm -rf "$tmp"
	fi
	echo "$deb"
}

# Host packages: install what is missing (as root), or print the command.
need_packages() {
	local missing=() p

	for p in "$@"; do
		[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *'ok installed' ]] ||
			missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0
	if [[ $(id -u) -ne 0 ]]; then
		die "missing host packages; run as root:
    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
	fi
	msg "Installing host packages: ${missing[*]}"
	if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null) ]]; then
		apt-get -q -o DPkg::Lock::Timeout=900 update >&2
	fi
	# Another install may hold the dpkg lock: wait for it, do not fail.
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		-o DPkg::Lock::Timeout=900 \
		"${missing[@]}" >&2
}
