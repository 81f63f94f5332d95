package io.statusflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** deploy/security/ holds the same ACLs as docs/security.md, which SecuredClusterIT proves on a broker. */
class DeployAclsTest {

    @Test
    void the_kafka_acls_commands_are_the_documented_acls() throws Exception {
        List<AclTable.Acl> found = new ArrayList<>();
        Pattern resource = Pattern.compile("--(topic|group|transactional-id) (\\S+)");
        for (String line : Files.readAllLines(Path.of("../deploy/security/kafka-acls.sh"))) {
            if (!line.startsWith("acl ")) {
                continue;
            }
            String principal = line.replaceAll(".*--allow-principal User:(\\S+).*", "$1");
            Matcher r = resource.matcher(line);
            r.find();
            String pattern = line.contains("--resource-pattern-type prefixed") ? "prefixed" : "literal";
            Matcher op = Pattern.compile("--operation (\\S+)").matcher(line);
            while (op.find()) {
                found.add(new AclTable.Acl(principal, r.group(1), pattern, r.group(2), op.group(1)));
            }
        }
        assertEquals(AclTable.asText(AclTable.read()), AclTable.asText(found));
    }

    @Test
    void the_strimzi_users_are_the_documented_acls() throws Exception {
        List<AclTable.Acl> found = new ArrayList<>();
        String user = null;
        String[] res = null;
        Pattern resource = Pattern.compile("- resource: \\{type: (\\w+), name: (\\S+), patternType: (\\w+)\\}");
        for (String line : Files.readAllLines(Path.of("../deploy/security/strimzi-kafkausers.yaml"))) {
            String l = line.strip();
            if (line.startsWith("  name: ")) {
                user = l.substring("name: ".length());
            }
            Matcher m = resource.matcher(l);
            if (m.matches()) {
                res = new String[] {m.group(1).equals("transactionalId") ? "transactional-id" : m.group(1), m.group(2), m.group(3)};
            }
            if (l.startsWith("operations: [")) {
                for (String op : l.substring("operations: [".length(), l.length() - 1).split(",")) {
                    found.add(new AclTable.Acl(user, res[0], res[2], res[1], op.strip()));
                }
            }
        }
        assertEquals(AclTable.asText(AclTable.read()), AclTable.asText(found));
    }
}
