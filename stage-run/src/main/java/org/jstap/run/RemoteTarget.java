package org.jstap.run;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jstap.api.diag.DiagnosticRenderer;

/**
 * One {@code --remote} host: {@code [USER@]HOST[:PORT]} or {@code ssh://[USER@]HOST[:PORT]}, validated so that no
 * part can be read by ssh as an option or by a shell as anything but a name. {@code index} is stap's target number
 * (the {@code [N] } prefix, {@code remote_id()}), in command-line order from 0.
 */
public record RemoteTarget(int index, String user, String host, Integer port, String given) {
    private static final Pattern FORM = Pattern.compile(
            "(?:ssh://)?(?:([A-Za-z_][A-Za-z0-9._-]{0,31})@)?"
                    + "([A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]{2,45}\\])(?::([0-9]{1,5}))?/?");

    public static RemoteTarget parse(int index, String s) {
        if (s == null || s.isEmpty()) throw new IllegalArgumentException("an empty --remote host");
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid --remote host '" + DiagnosticRenderer.printable(s)
                    + "': expected [USER@]HOST[:PORT] or ssh://[USER@]HOST[:PORT]");
        }
        if (s.contains("://") && !s.startsWith("ssh://")) throw new IllegalArgumentException("--remote: only ssh:// is supported");
        Integer port = null;
        if (m.group(3) != null) {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) throw new IllegalArgumentException("invalid --remote port in '" + s + "': 1 to 65535");
        }
        String host = m.group(2);
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        return new RemoteTarget(index, m.group(1), host, port, s);
    }

    /** {@code remote_uri()}: {@code ssh://[USER@]HOST[:PORT]}. */
    public String uri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "ssh://" + (user == null ? "" : user + "@") + h + (port == null ? "" : ":" + port);
    }

    /** How messages name it: as the user typed it. */
    public String name() {
        return given;
    }
}
