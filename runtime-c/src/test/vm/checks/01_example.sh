/jstaprun -c 'dd if=/dev/zero of=/dev/null bs=1 count=500 2>/dev/null; sleep 1.2' /jst_example.ko; echo "rc=$?"
