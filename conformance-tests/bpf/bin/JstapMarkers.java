/**
 * The JVM's static markers (tapset/hotspot.stp) on a known workload: System.gc() three times, four named threads
 * started and joined, one class of its own loaded on demand (bpf/tapset_hotspot_host.stp counts them).
 * RunCorpusBpfTest compiles it with the javac beside /usr/bin/java into /tmp/jstap-corpus-bin/java.
 */
public class JstapMarkers {
    static final class LoadedOnDemand {
        static int touched;
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 3; i++) System.gc();
        Thread[] workers = new Thread[4];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(() -> { }, "jstap-worker-" + i);
            workers[i].start();
        }
        for (Thread t : workers) t.join();
        LoadedOnDemand.touched++;
    }
}
