/jstaprun -c /uprog /jst_all.ko upath=/uprog uoffset=$(cat /uprog.off); echo "rc=$?"
