/jstaprun /jst_all.ko mode=3; echo "mode3 rc=$?"; /jstaprun /jst_all.ko mode=7; echo "mode7 rc=$?"
