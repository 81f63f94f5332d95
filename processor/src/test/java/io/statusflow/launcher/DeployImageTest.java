package io.statusflow.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No image can be built here (no registry or Docker engine), so what can be checked is: the
 * Dockerfile and Jib put the jar that `package` makes where the Kubernetes manifest runs it, with
 * the README's run command, the same user, volume and ports, and the manifest names that image.
 */
class DeployImageTest {

    private static String read(String path) throws Exception {
        return Files.readString(Path.of("..").resolve(path));
    }

    @Test
    void the_dockerfile_copies_the_jar_that_package_makes_and_runs_it_as_the_readme_does() throws Exception {
        String docker = read("deploy/Dockerfile");
        String pom = read("processor/pom.xml");
        assertTrue(pom.contains("<outputFile>${project.build.directory}/statusflow.jar</outputFile>"), "package makes statusflow.jar");
        assertTrue(docker.contains("COPY processor/target/statusflow.jar /app/statusflow.jar"), docker);
        assertTrue(read("README.md").contains("java -jar processor/target/statusflow.jar"), "the README runs the same jar");
        assertTrue(docker.contains("ENTRYPOINT [\"java\", \"-XX:+ExitOnOutOfMemoryError\", \"-jar\", \"/app/statusflow.jar\"]"));
        assertTrue(pom.contains("<entrypoint>java,-XX:+ExitOnOutOfMemoryError,-jar,/app/statusflow.jar</entrypoint>"),
                "Jib's image runs it the same way");
        assertTrue(docker.contains("USER 10001") && pom.contains("<user>10001</user>"));
        assertTrue(docker.contains("VOLUME /var/lib/statusflow") && pom.contains("<volume>/var/lib/statusflow</volume>"));
        assertTrue(docker.matches("(?s).*FROM eclipse-temurin:17-jre\\n.*") && pom.contains("<image>eclipse-temurin:17-jre</image>"));
    }

    @Test
    void the_manifest_runs_that_image_with_its_jar_user_volume_and_ports() throws Exception {
        String manifest = read("deploy/kubernetes/statusflow.yaml");
        String docker = read("deploy/Dockerfile");
        Matcher image = Pattern.compile("image: (\\S+)").matcher(manifest);
        assertTrue(image.find());
        assertTrue(read("processor/pom.xml").contains("<image>" + image.group(1) + "</image>"), "Jib pushes " + image.group(1));
        assertTrue(docker.contains("-t " + image.group(1) + " ."), "the Dockerfile's build command tags it so");
        assertTrue(manifest.contains("-jar /app/statusflow.jar"), "the manifest runs the image's jar");
        assertTrue(manifest.contains("runAsUser: 10001") && manifest.contains("mountPath: /var/lib/statusflow"));
        for (String port : List.of("8080", "8081")) {
            assertTrue(manifest.contains("containerPort: " + port), port);
            assertTrue(docker.contains("EXPOSE 8080 8081") && read("processor/pom.xml").contains("<port>" + port + "</port>"), port);
        }
        assertEquals(1, Pattern.compile("image: ").matcher(manifest).results().count(), "one image");
    }
}
