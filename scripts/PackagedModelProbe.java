// Run by scripts/check-function-packages.py with a function package as its classpath (java's single-file launcher):
// embeds one text with the package's own classes and files, and prints how long the first embedding took and where
// ONNX Runtime loaded its libraries from, for the script to check they were the package's plain files.
public class PackagedModelProbe {
    public static void main(String[] args) {
        long start = System.nanoTime();
        float[] v = new dev.secondlook.similar.SentenceEmbedder().embed("I have approved a full refund for order 8812.");
        long ms = (System.nanoTime() - start) / 1_000_000;
        Runtime r = Runtime.getRuntime();
        System.out.println("dimension=" + v.length);
        System.out.println("firstEmbedMs=" + ms);
        System.out.println("heapUsedMb=" + ((r.totalMemory() - r.freeMemory()) >> 20));
        System.out.println("nativePath=" + System.getProperty("onnxruntime.native.path"));
        System.out.println("tokenizerPath=" + System.getProperty("RUST_LIBRARY_PATH"));
        System.out.println("modelUrl=" + PackagedModelProbe.class.getResource("/bge-small-en-v1.5-q.onnx"));
    }
}
