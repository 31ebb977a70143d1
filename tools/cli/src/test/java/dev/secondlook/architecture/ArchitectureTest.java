package dev.secondlook.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture as a test (as buckpal's DependencyRuleTests): core → one adapter module per AWS service →
 * functions; the laptop-only local runtime beside the functions, never below them; the CLI on top. A change that
 * imports the wrong layer fails the build. This module sees every other one on its classpath, so the rules are
 * checked over the whole production code (tests excluded).
 */
class ArchitectureTest {

    private static final String CORE = "dev.secondlook.core..";
    private static final String ADAPTERS = "dev.secondlook.aws..";
    private static final String LOCAL = "dev.secondlook.local..";
    private static final String CLI = "dev.secondlook.cli..";
    private static final String CLIENT = "dev.secondlook.client..";
    private static final String[] FUNCTIONS = {"dev.secondlook.ingest..", "dev.secondlook.route..",
            "dev.secondlook.review..", "dev.secondlook.feedback..", "dev.secondlook.slawatch..",
            "dev.secondlook.gate.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionCode() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.secondlook");
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void core_importsNoAdapterFunctionLocalRuntimeOrAwsType() {
        check(noClasses().that().resideInAPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage(ADAPTERS, LOCAL, CLI, "software.amazon..", "com.amazonaws..")
                .orShould().dependOnClassesThat().resideInAnyPackage(FUNCTIONS)
                .because("the domain is AWS-free: it names ports, adapters implement them"));
    }

    @Test
    void routeAndSlaWatch_reachNoPolicyParserOrMatcher_whichTheirPackagesLeaveOut() {
        check(noClasses().that().resideInAnyPackage("dev.secondlook.route..", "dev.secondlook.slawatch..")
                .should().transitivelyDependOnClassesThat().resideInAnyPackage("com.google.re2j..", "org.yaml..",
                        "com.fasterxml.jackson.dataformat.yaml..", "com.google.i18n.phonenumbers..")
                .because("functions/route and functions/slawatch exclude YAML, RE2/J and libphonenumber from their "
                        + "packages (the 12 MB goal): no class they can reach may need them"));
    }

    @Test
    void core_importsNoEmbeddingModel_itNamesThePort() {
        check(noClasses().that().resideInAPackage(CORE).should().dependOnClassesThat()
                .resideInAnyPackage("dev.secondlook.similar..", "dev.langchain4j..", "ai.onnxruntime..", "ai.djl..")
                .because("the similar matcher calls the Embedder port; shared/similar runs the model"));
    }

    @Test
    void adapters_importNoFunctionLocalRuntimeOrCli() {
        check(noClasses().that().resideInAPackage(ADAPTERS).should().dependOnClassesThat()
                .resideInAnyPackage(LOCAL, CLI).orShould().dependOnClassesThat().resideInAnyPackage(FUNCTIONS)
                .orShould().dependOnClassesThat().resideInAPackage("com.amazonaws.services.lambda.runtime.events..")
                .because("adapters ship in function packages; they know the core and their service, not the "
                        + "functions' triggers"));
    }

    @Test
    void eachAdapterModule_usesOnlyItsOwnService() {
        String[][] services = {{"dynamodb", "software.amazon.awssdk.services.dynamodb.."},
                {"s3", "software.amazon.awssdk.services.s3.."}, {"sqs", "software.amazon.awssdk.services.sqs.."},
                {"sns", "software.amazon.awssdk.services.sns.."}};
        for (String[] own : services) {
            for (String[] other : services) {
                if (!own[0].equals(other[0])) {
                    check(noClasses().that().resideInAPackage("dev.secondlook.aws." + own[0] + "..").should()
                            .dependOnClassesThat().resideInAPackage(other[1])
                            .because("a function depends on exactly the services it is granted"));
                }
            }
            check(noClasses().that().resideInAPackage("dev.secondlook.aws").should().dependOnClassesThat()
                    .resideInAPackage(own[1]).because("the common adapter module carries no service client"));
        }
    }

    @Test
    void functions_importNoLocalRuntimeCliOrEachOther() {
        for (String fn : FUNCTIONS) {
            check(noClasses().that().resideInAPackage(fn).should().dependOnClassesThat()
                    .resideInAnyPackage(LOCAL, CLI, "dev.secondlook.emulator..")
                    .because("nothing of the laptop-only runtime ships in a function's package"));
            for (String other : FUNCTIONS) {
                if (!other.equals(fn)) {
                    check(noClasses().that().resideInAPackage(fn).should().dependOnClassesThat()
                            .resideInAPackage(other).because("functions share code through core and adapters"));
                }
            }
        }
    }

    @Test
    void localRuntime_importsNoFunctionOrCli() {
        check(noClasses().that().resideInAPackage(LOCAL).should().dependOnClassesThat().resideInAnyPackage(CLI)
                .orShould().dependOnClassesThat().resideInAnyPackage(FUNCTIONS)
                .because("the local runtime loads handlers by their names in template.yaml"));
    }

    @Test
    void theClient_usesOnlyTheJdkAndTheSdksSignerAndHttpParts() {
        check(com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes().that().resideInAPackage(CLIENT)
                .should().onlyDependOnClassesThat().resideInAnyPackage(CLIENT, "java..",
                        "software.amazon.awssdk.http..", "software.amazon.awssdk.identity..",
                        "software.amazon.awssdk.utils..")
                .because("applications embed it: no secondlook module, no service client, no JSON library"));
        check(noClasses().that().resideOutsideOfPackages(CLIENT, CLI).should().dependOnClassesThat()
                .resideInAPackage(CLIENT).because("the client is for applications (and the demo), never a function"));
    }

    @Test
    void modules_haveNoCycles() {
        check(slices().matching("dev.secondlook.(*)..").should().beFreeOfCycles());
        check(slices().matching("dev.secondlook.core.(*)..").should().beFreeOfCycles());
    }
}
