package com.fleetfusion.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fleetfusion.problem.ProblemType.Service;

/** The catalogue: every type each service can answer, one meaning per slug, one URI scheme. */
class ProblemCatalogueTest {

    @Test
    void listsEveryTypeEachServiceCanAnswer() {
        for (Service service : Service.values()) {
            List<ProblemType> answered = ProblemType.answeredBy(service);
            System.out.println(service + " answers " + answered.stream().map(ProblemType::slug).toList());
            assertThat(answered).as(service + " answers some types").isNotEmpty();
        }
        assertThat(ProblemType.answeredBy(Service.AUTH_GATEWAY)).contains(ProblemType.ROUTE_NOT_FOUND,
                ProblemType.TOKEN_EXPIRED, ProblemType.ORGANIZATION_MISMATCH, ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemType.answeredBy(Service.TENANT_STORE)).contains(ProblemType.NOT_FOUND,
                ProblemType.SESSION_PENDING, ProblemType.ORGANIZATION_MISMATCH, ProblemType.INTERNAL_ERROR);
        assertThat(ProblemType.answeredBy(Service.ONBOARDING_SERVICE)).contains(ProblemType.NOT_FOUND,
                ProblemType.INVALID_REQUEST, ProblemType.CLERK_UNAVAILABLE, ProblemType.TOKEN_AUTHORIZED_PARTY);
        assertThat(ProblemType.answeredBy(Service.WEBHOOK_INGEST)).contains(ProblemType.NOT_FOUND,
                ProblemType.INVALID_SIGNATURE, ProblemType.KAFKA_UNAVAILABLE).doesNotContain(ProblemType.TOKEN_MISSING);
        assertThat(ProblemType.answeredBy(Service.CLERK_EMULATOR)).contains(ProblemType.INVALID_CONTROL_REQUEST)
                .doesNotContain(ProblemType.TOKEN_MISSING);
        assertThat(Arrays.stream(ProblemType.values())).allMatch(type -> !type.answeredBy().isEmpty());
    }

    @Test
    void noSlugHasTwoMeanings() {
        assertThat(duplicateSlugs(List.of(ProblemType.values()))).isEmpty();
    }

    @Test
    void theDuplicateCheckFindsASlugGivenTwoMeanings() {
        // the check itself can fail: two entries of one slug with different titles are reported
        List<Entry> twice = List.of(new Entry("not-found", "Not found", 404, "No such resource"),
                new Entry("not-found", "No route for this path", 404, "No route matches"),
                new Entry("bad-path", "The path is not acceptable", 400, "Not in normal form"));
        assertThat(duplicateSlugsOf(twice)).containsOnlyKeys("not-found");
    }

    @Test
    void everyTypeIsUnderTheOneBaseWithAPlainSlugAndItsOwnTitle() {
        for (ProblemType type : ProblemType.values()) {
            assertThat(type.uri()).isEqualTo("https://fleetfusion.dev/problems/" + type.slug());
            assertThat(type.slug()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
            assertThat(type.title()).isNotBlank();
            assertThat(type.meaning()).isNotBlank();
            assertThat(type.status() == 0 || (type.status() >= 400 && type.status() < 600)).as(type.slug()).isTrue();
        }
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::title).distinct().count())
                .as("two types with one title would read as one").isEqualTo(ProblemType.values().length);
    }

    @Test
    void plainHttpFailuresHaveOneTypeEach() {
        assertThat(ProblemType.ofHttpStatus(404)).isEqualTo(ProblemType.NOT_FOUND);
        assertThat(ProblemType.ofHttpStatus(405)).isEqualTo(ProblemType.METHOD_NOT_ALLOWED);
        assertThat(ProblemType.ofHttpStatus(418)).isEqualTo(ProblemType.HTTP_ERROR);
        for (int status = 400; status < 600; status++) {
            ProblemType type = ProblemType.ofHttpStatus(status);
            assertThat(type.status() == 0 || type.status() == status).as("status " + status).isTrue();
        }
    }

    @Test
    void theDocsListEveryTypeAsTheCatalogueHasIt() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("../docs/problem-types.md")).stream()
                .filter(line -> line.startsWith("| `")).toList();
        List<String> expected = Arrays.stream(ProblemType.values()).map(ProblemCatalogueTest::row).toList();
        assertThat(rows).as("docs/problem-types.md rows; the catalogue's are:%n%s", String.join("\n", expected))
                .containsExactlyElementsOf(expected);
    }

    private static String row(ProblemType type) {
        String answeredBy = type.answeredBy().stream().map(service -> service.name().toLowerCase().replace('_', '-'))
                .collect(Collectors.joining(", "));
        return "| `" + type.slug() + "` | " + (type.status() == 0 ? "the failure's" : type.status()) + " | "
                + type.title() + " | " + answeredBy + " | " + type.meaning() + " |";
    }

    record Entry(String slug, String title, int status, String meaning) {
    }

    private static Map<String, List<Entry>> duplicateSlugs(List<ProblemType> types) {
        return duplicateSlugsOf(types.stream()
                .map(type -> new Entry(type.slug(), type.title(), type.status(), type.meaning())).toList());
    }

    /** Slugs given more than once, whatever their meanings: a slug is one meaning, named once. */
    private static Map<String, List<Entry>> duplicateSlugsOf(List<Entry> entries) {
        return entries.stream().collect(Collectors.groupingBy(Entry::slug)).entrySet().stream()
                .filter(bySlug -> bySlug.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
