// The /init of the lab's bootable disk image: a tiny stand-in for cloud-init that proves a NoCloud
// seed reached the guest, and a shell on the serial console and the VGA screen.

/** Line the image prints (on tty0 and ttyS0) once it has read its seed, followed by `hostname=<name>`. */
export const BOOT_IMAGE_BANNER = 'Virt Deck lab image ready';
/** What it prints when no seed labelled cidata/CIDATA was found. */
export const BOOT_IMAGE_NO_SEED = 'no NoCloud seed found';
/** Hostname when the seed gives none (or there is no seed). */
export const BOOT_IMAGE_DEFAULT_HOSTNAME = 'vd-lab-image';
/** Printed when the ACPI power button (`virsh shutdown`) powers the guest off. */
export const BOOT_IMAGE_POWER_OFF = 'ACPI power button: powering off';
/** Prefix of each key line: `ssh key: SHA256:<base64> <comment> (<type>)`, as `ssh-keygen -l` orders it. */
export const BOOT_IMAGE_KEY_PREFIX = 'ssh key:';

const KEY_TYPES = ['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519@openssh\\.com', 'sk-ecdsa-sha2-nistp256@openssh\\.com'];

/**
 * The init script (busybox ash). Devices are found by reading labels straight off the block devices
 * (ISO 9660 volume id at byte 32808, FAT labels at 43 and 71), so it needs no blkid or udev.
 * Fingerprints are OpenSSH's: SHA-256 of the decoded key blob, base64 without padding.
 */
export function bootImageInit(): string {
  return `#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /mnt/seed

say() {
  for tty in /dev/tty0 /dev/ttyS0; do printf '%s\\n' "$*" > "$tty"; done
}

loaded=0
failed=''
while read -r module; do
  if insmod "/lib/modules/$module" 2>/dev/null; then loaded=$((loaded + 1)); else failed="$failed \${module##*/}"; fi
done < /lib/modules/load-order
say "modules: $loaded loaded\${failed:+, failed:$failed}"

# ACPI power button (virsh shutdown) → busybox acpid runs /etc/acpi/PWRF/00000080, which powers off.
mkdir -p /etc/acpi/PWRF
printf '#!/bin/sh\nfor tty in /dev/tty0 /dev/ttyS0; do echo "${BOOT_IMAGE_POWER_OFF}" > "$tty"; done\nsync\npoweroff -f\n' > /etc/acpi/PWRF/00000080
chmod 755 /etc/acpi/PWRF/00000080
acpid -c /etc/acpi -l /tmp/acpid.log /dev/input/event* 2>/dev/null

bytes_at() {
  dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null
}

# Prints the filesystem type if $1 carries the NoCloud label.
seed_type() {
  if [ "$(bytes_at "$1" 32769 5)" = CD001 ]; then
    case "$(bytes_at "$1" 32808 32)" in
      cidata|CIDATA|"cidata "*|"CIDATA "*) echo iso9660; return 0 ;;
    esac
  fi
  for offset in 43 71; do
    case "$(bytes_at "$1" "$offset" 11)" in
      "CIDATA     "|"cidata     ") echo vfat; return 0 ;;
    esac
  done
  return 1
}

# Disks and cdroms appear while their drivers probe: look until 8 s of uptime have passed (counted by
# the clock, not by rounds: under TCG each process started costs a lot). Each device is read once it
# can be read (a cdrom without a medium cannot).
seed_dev=''
fs_type=''
checked=' '
read -r now _ < /proc/uptime
deadline=$(( \${now%.*} + 8 ))
while [ -z "$seed_dev" ]; do
  for dev in /dev/vd? /dev/sr? /dev/sd? /dev/hd?; do
    [ -b "$dev" ] || continue
    case "$checked" in *" $dev "*) continue ;; esac
    dd if="$dev" bs=2048 count=1 of=/dev/null 2>/dev/null || continue
    checked="$checked$dev "
    if found=$(seed_type "$dev"); then seed_dev=$dev; fs_type=$found; break; fi
  done
  read -r now _ < /proc/uptime
  [ -n "$seed_dev" ] || [ "\${now%.*}" -ge "$deadline" ] && break
  sleep 0.25
done

name=${BOOT_IMAGE_DEFAULT_HOSTNAME}
if [ -z "$seed_dev" ]; then
  say "${BOOT_IMAGE_NO_SEED}"
elif ! mount -t "$fs_type" -o ro "$seed_dev" /mnt/seed; then
  say "NoCloud seed on $seed_dev ($fs_type) could not be mounted"
else
  field() {
    sed -n "s/^$1:[[:space:]]*//p" /mnt/seed/meta-data | head -n 1 | tr -d "\\"'\\r"
  }
  instance=$(field instance-id)
  given=$(field local-hostname)
  case "$given" in
    ''|*[!A-Za-z0-9.-]*) say "meta-data has no usable local-hostname" ;;
    *) name=$given ;;
  esac
  # Modes come from Rock Ridge (a Joliet-only mount would show the default r-xr-xr-x).
  say "NoCloud seed: $seed_dev ($fs_type) instance-id=$instance files:$(cd /mnt/seed && for f in *; do printf ' %s %s' "$(stat -c %A "$f")" "$f"; done)"
  seen=' '
  count=0
  grep -oE "(${KEY_TYPES.join('|')}) AAAA[A-Za-z0-9+/]+=*( [^\\"]*)?" /mnt/seed/user-data 2>/dev/null | tr -d '\\r' > /tmp/keys
  while read -r type blob comment; do
    case "$seen" in *" $blob "*) continue ;; esac
    seen="$seen$blob "
    digest=$(printf '%s' "$blob" | base64 -d | sha256sum | cut -d ' ' -f 1 | xxd -r -p | base64 | tr -d '=\\n')
    say "${BOOT_IMAGE_KEY_PREFIX} SHA256:$digest \${comment:-no comment} ($type)"
    count=$((count + 1))
  done < /tmp/keys
  [ "$count" -gt 0 ] || say "no SSH keys in user-data"
fi
hostname "$name"
say "kernel uptime $(cut -d ' ' -f 1 /proc/uptime) s"
say "${BOOT_IMAGE_BANNER}: hostname=$name"

export PS1='\\h:\\w # '
# init must never exit (the kernel would panic): respawn each shell when it ends.
( while true; do setsid -c sh </dev/tty1 >/dev/tty1 2>&1; sleep 1; done ) &
while true; do setsid -c sh </dev/ttyS0 >/dev/ttyS0 2>&1; sleep 1; done
`;
}
