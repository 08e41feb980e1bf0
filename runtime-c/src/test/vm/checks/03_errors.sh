for m in 1 4 5 6; do /jstaprun /jst_all.ko mode=$m; echo "mode$m rc=$?"; done
