/jstaprun -o /tmp/out.txt -c 'cat /init > /dev/null; sleep 0.3' /jst_all.ko mode=0; echo "rc=$?"; cat /tmp/out.txt
