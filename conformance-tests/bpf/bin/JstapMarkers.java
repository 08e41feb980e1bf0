/**
 * The JVM's static markers (tapset/hotspot.stp) on a known workload: System.gc() three times, four named threads
 * started and joined in turn, one class of its own loaded on demand (bpf/tapset_hotspot_host.stp counts them).
 * RunCorpusBpfTest compiles it with the javac beside /usr/bin/java into /tmp/jstap-corpus-bin/java.
 */
public class JstapMarkers {
    static final class LoadedOnDemand {
        static int touched;
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 3; i++) System.gc();
        Thread[] workers = new Thread[4];
        // one after another: a thread's stop marker and the next one's start then never hit at once (on bpf a
        // uprobe program can be preempted while it holds the globals' lock, and a hit that times out on it is
        // skipped, as stap's "skipped probes": CI saw worker-1's start skipped that way)
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> { }, "jstap-worker-" + i);
            workers[i].start();
            workers[i].join();
        }
        LoadedOnDemand.touched++;
    }
}
