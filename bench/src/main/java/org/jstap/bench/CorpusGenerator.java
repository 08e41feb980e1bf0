package org.jstap.bench;

/**
 * Writes a large, valid SystemTap script out of varied constructs (globals, arrays, statistics, functions, probe
 * lists, loops, foreach with sort and limit, try/catch, string operations), each block with its own names.
 */
final class CorpusGenerator {
    private CorpusGenerator() {}

    static String script(int minLines) {
        StringBuilder b = new StringBuilder("# generated for the pass-1 benchmark\n");
        for (int i = 0; b.chars().filter(c -> c == '\n').count() < minLines; i++) block(b, i);
        return b.toString();
    }

    private static void block(StringBuilder b, int i) {
        b.append("global counts_").append(i).append("[100], total_").append(i).append(", seen_").append(i).append("%\n");
        b.append("function distance_").append(i).append("(a:long, b:long) {\n")
         .append("  if (a > b) return a - b\n")
         .append("  else return b - a\n")
         .append("}\n");
        b.append("function label_").append(i).append("(name:string) {\n")
         .append("  return sprintf(\"%s-%d\", name, ").append(i).append(") . \"-x\"\n")
         .append("}\n");
        b.append("probe kernel.function(\"vfs_read\").call, timer.ms(").append(100 + i % 900).append(") {\n")
         .append("  counts_").append(i).append("[execname(), pid()] <<< ").append(i).append(" * 2 + 1\n")
         .append("  total_").append(i).append(" += distance_").append(i).append("(tid(), ").append(i).append(")\n")
         .append("  seen_").append(i).append("[label_").append(i).append("(execname())]++\n")
         .append("  foreach ([name, p] in counts_").append(i).append("- limit 5)\n")
         .append("    printf(\"%s %d %d %d\\n\", name, p, @count(counts_").append(i)
         .append("[name, p]), @sum(counts_").append(i).append("[name, p]))\n")
         .append("  for (j = 0; j < 10; j++) {\n")
         .append("    if (j % 3 == 0) continue\n")
         .append("    total_").append(i).append(" += j << 1\n")
         .append("  }\n")
         .append("  while (total_").append(i).append(" > 100000 && !(total_").append(i).append(" & 1)) total_")
         .append(i).append(" /= 2\n")
         .append("  try { x = 1000 / total_").append(i).append(" } catch (msg) { println(msg) }\n")
         .append("  if ([\"bash\"] in seen_").append(i).append(") delete seen_").append(i).append("[\"bash\"]\n")
         .append("  s = total_").append(i).append(" > 10 ? \"big\" : \"small\"\n")
         .append("}\n");
        b.append("probe end {\n")
         .append("  printf(\"%d %s\\n\", total_").append(i).append(", s = \"done\")\n")
         .append("  delete counts_").append(i).append("\n")
         .append("}\n");
    }

    public static void main(String[] args) {
        System.out.print(script(args.length > 0 ? Integer.parseInt(args[0]) : 10_000));
    }
}
