/jstaprun /jst_example.ko & P=$!; sleep 1.5; kill -TERM $P; wait $P; echo "sigterm rc=$?"
sleep 1.3 & S=$!; /jstaprun -x $S /jst_example.ko; echo "xpid rc=$?"
/jstaprun /nonexistent.ko; echo "missing rc=$?"
/jstaprun /jst_example.ko & P=$!; sleep 0.5; /jstaprun /jst_example.ko; echo "second rc=$?"; kill -INT $P; wait $P
