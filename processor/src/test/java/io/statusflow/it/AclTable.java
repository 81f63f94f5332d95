package io.statusflow.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The ACL table of docs/security.md ("ACLs"): one row per principal and resource. */
final class AclTable {

    static final Path SECURITY = Path.of("../docs/security.md");

    /** One ACL: principal, resource type (topic, group, transactional-id), pattern, name, operation. */
    record Acl(String principal, String resource, String pattern, String name, String operation) {
        @Override
        public String toString() {
            return principal + " " + operation + " " + resource + " " + pattern + " " + name;
        }
    }

    private AclTable() {}

    static List<Acl> read() throws Exception {
        String doc = Files.readString(SECURITY);
        String table = doc.substring(doc.indexOf("| principal | resource |"));
        List<Acl> acls = new ArrayList<>();
        for (String line : table.lines().skip(2).takeWhile(l -> l.startsWith("|")).toList()) {
            String[] c = line.split("\\|");
            for (String op : c[5].split(",")) {
                acls.add(new Acl(c[1].strip().replace("`", ""), c[2].strip(), c[3].strip().toLowerCase(Locale.ROOT),
                        c[4].strip().replace("`", ""), op.strip()));
            }
        }
        return acls;
    }

    static Set<String> asText(List<Acl> acls) {
        Set<String> s = new TreeSet<>();
        acls.forEach(a -> s.add(a.toString()));
        return s;
    }
}
