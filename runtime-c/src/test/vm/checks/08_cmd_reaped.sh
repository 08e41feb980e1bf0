# a SIGKILLed loader leaves no -c command behind: its guard kills the command's process group (a command run
# directly, and one through sh whose child would otherwise be orphaned); the module stays loaded, rmmod'ed here
/jstaprun -c 'sleep 97' /jst_example.ko >/dev/null & P=$!; sleep 3
echo "direct before=$(ps | grep -c ' sleep 97$')"; kill -KILL $P; wait $P 2>/dev/null; sleep 1
echo "direct after=$(ps | grep -c ' sleep 97$')"; rmmod jst_example
/jstaprun -c 'sleep 98; true' /jst_example.ko >/dev/null & P=$!; sleep 3
echo "shell before=$(ps | grep -c ' sleep 98$')"; kill -KILL $P; wait $P 2>/dev/null; sleep 1
echo "shell after=$(ps | grep -c ' sleep 98$')"; rmmod jst_example
