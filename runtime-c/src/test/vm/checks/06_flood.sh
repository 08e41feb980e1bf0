/jstaprun /jst_all.ko mode=2 > /tmp/flood.txt; echo "flood rc=$? lines=$(grep -c ^flood /tmp/flood.txt)"
/jstaprun -o /tmp/s.txt -c 'dd if=/dev/zero of=/dev/null bs=1 count=20000 2>/dev/null' /jst_all.ko mode=8
echo "stress rc=$? lines=$(grep -c ^read /tmp/s.txt)"
