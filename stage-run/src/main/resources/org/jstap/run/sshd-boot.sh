#!/bin/sh
# jstap test fleet VM (jstap vm start --name NAME): run by the agent at boot. Brings up QEMU's user-mode network
# (guest 10.0.2.15, gateway 10.0.2.2; the host forwards 127.0.0.1:PORT to port 22 here) and starts dropbear
# with the host key and authorized keys the host generated into the initramfs. Public-key logins only.
for m in failover net_failover virtio_net; do
  [ -e /lib/modules/net/$m.ko ] && insmod /lib/modules/net/$m.ko 2>/dev/null
done
ip link set lo up
i=0
while [ ! -e /sys/class/net/eth0 ] && [ $i -lt 200 ]; do usleep 20000; i=$((i+1)); done
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
mkdir -p /dev/pts /var/run /var/log /var/tmp /root
mount -t devpts devpts /dev/pts 2>/dev/null
chmod 700 /root /root/.ssh
chmod 600 /root/.ssh/authorized_keys
/usr/sbin/dropbear -s -m -E -r /etc/dropbear/dropbear_ed25519_host_key -p 22 -P /var/run/dropbear.pid \
  2>>/var/log/dropbear.log
echo "jstap-agent: sshd $(cat /var/run/dropbear.pid 2>/dev/null) on eth0 $(ip -4 addr show eth0 | grep -o 'inet [^ ]*')" > /dev/console
