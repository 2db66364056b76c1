package io.edgeworks.admin.web;

import io.edgeworks.admin.client.ApiException;
import io.edgeworks.admin.client.ApiModel.NewVersion;
import io.edgeworks.admin.client.FakePlatformApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@TestSecurity(user = "alice")
class EnvironmentPagesTest {
    static final String ENV = "/accounts/acme/services/hello/environments/production";
    static final String WORKER = "export default { fetch() { return new Response(\"hi\"); } }";

    @Inject
    FakePlatformApi api;

    @BeforeEach
    void seed() {
        api.reset();
        api.seedAccount("acme", "alice", "vera", "viewer");
        api.as("alice", () -> api.createService("acme", "hello"));
    }

    private void version(String text, Map<String, String> vars) {
        api.as("alice", () -> api.createVersion("acme", "hello", "production", new NewVersion("worker.js",
                Map.of("worker.js", WORKER.replace("hi", text)), vars, null, null, true)));
    }

    @Test
    void anEmptyEnvironmentOffersStarterCodeToDeploy() {
        given().get(ENV).then().statusCode(200)
                .body(containsString("No versions yet."))
                .body(containsString("<label for=\"module-source-0\">Source of worker.js"))
                .body(containsString("Hello from Edgeworks!"));
    }

    @Test
    void deployingCodeCreatesAVersionWithItsAnnotations() {
        given().redirects().follow(false)
                .formParam("main_module", "worker.js").formParam("module_path", "worker.js", "")
                .formParam("module_source", WORKER, "")
                .formParam("message", "first cut").formParam("tag", "v1.0").formParam("commit", "abc1234")
                .formParam("deploy", "true")
                .post(ENV + "/code").then().statusCode(303)
                .header("Location", containsString("notice=Version+1+created+and+deployed."));
        given().queryParam("notice", "Version 1 created and deployed.").get(ENV).then().statusCode(200)
                .body(containsString("id=\"notice\">Version 1 created and deployed.</p>"))
                .body(containsString("id=\"live\">v1</strong>"))
                .body(containsString("<td>first cut</td>"))
                .body(containsString("<td>v1.0</td>"))
                .body(containsString("<code>abc1234</code>"))
                .body(containsString("<td>alice</td>"));
    }

    @Test
    void aModuleThatDoesNotParseIsShownAtItsEditorWithTheCodeKept() {
        given().formParam("main_module", "worker.js").formParam("module_path", "worker.js")
                .formParam("module_source", "export default { syntax error")
                .formParam("message", "broken").formParam("deploy", "true")
                .post(ENV + "/code").then().statusCode(400)
                .body(containsString("id=\"module-error-0\">syntax error in module &#39;worker.js&#39; at line 1, column 18"))
                // the position for the code editor to mark (editor.js), on the module's textarea
                .body(containsString("aria-describedby=\"module-error-0\" data-error-line=\"1\" data-error-column=\"18\">export default { syntax error</textarea>"))
                .body(containsString("value=\"broken\""));
    }

    @Test
    void theCodeFormIsACodeEditorWithTheTextareasAsItsFallback() {
        given().get(ENV).then().statusCode(200)
                // the editor script loads on every page and enhances only forms marked for it
                .body(containsString("<script src=\"/static/editor.js\" defer></script>"))
                .body(containsString("<form method=\"post\" action=\"" + ENV + "/code\" id=\"deploy-code\" data-code-editor>"))
                // without JavaScript: a path input and a textarea per module, and a slot to add one
                .body(containsString("<fieldset class=\"module\">"))
                .body(containsString("<textarea id=\"module-source-0\" name=\"module_source\""))
                .body(containsString("<details class=\"new-module\">"))
                // no error, no position
                .body(not(containsString("data-error-line")));
        // the editor ships in the portal from the webjar, never from a CDN
        given().get("/webjars/monaco-editor/min/vs/loader.js").then().statusCode(200);
        given().get("/webjars/monaco-editor/min/vs/editor/editor.main.js").then().statusCode(200);
        given().get("/webjars/monaco-editor/min/vs/base/worker/workerMain.js").then().statusCode(200);
        given().get("/static/editor.js").then().statusCode(200).body(containsString("/webjars/monaco-editor/min/vs"));
        given().get("/static/editor.css").then().statusCode(200);
    }

    @Test
    void aSyntaxErrorInTheSecondModuleIsMarkedOnThatModuleAtItsLine() {
        given().formParam("main_module", "worker.js").formParam("module_path", "worker.js", "lib/util.js", "")
                .formParam("module_source", "import {u} from './lib/util.js';\nexport default {}", "export const u = 1;\n\n  a syntax error", "")
                .formParam("deploy", "true")
                .post(ENV + "/code").then().statusCode(400)
                .body(containsString("id=\"module-error-1\">syntax error in module &#39;lib/util.js&#39; at line 3, column 5"))
                .body(containsString("data-error-line=\"3\" data-error-column=\"5\">export const u = 1;"))
                .body(not(containsString("module-error-0")))
                // both modules kept as typed, the main module too
                .body(containsString("value=\"lib/util.js\""))
                .body(containsString("id=\"deploy-code-main_module\" name=\"main_module\" type=\"text\" value=\"worker.js\""));
    }

    @Test
    void aModuleErrorWithoutAPositionIsShownWithoutOne() {
        version("a", Map.of());
        api.failNext(new ApiException(400, "modules.worker.js: imports 'lodash'",
                List.of(new ApiException.FieldError("modules.worker.js", "imports 'lodash': only relative imports"))));
        given().formParam("main_module", "worker.js").formParam("module_path", "worker.js")
                .formParam("module_source", "import _ from 'lodash';")
                .post(ENV + "/code").then().statusCode(400)
                .body(containsString("id=\"module-error-0\">imports &#39;lodash&#39;: only relative imports"))
                .body(not(containsString("data-error-line")));
    }

    @Test
    void savingVarsCreatesTheNextVersionAndDeletesEmptiedNames() {
        version("a", Map.of("GREETING", "hi", "OLD", "x"));
        given().redirects().follow(false)
                .formParam("var_name", "GREETING", "OLD", "NEW").formParam("var_value", "hello", "x", "1")
                .post(ENV + "/vars").then().statusCode(303).header("Location", containsString("version+2"));
        assertEquals(Map.of("GREETING", "hello", "OLD", "x", "NEW", "1"), api.version("acme", "hello", "production", 2).varMap());
        given().redirects().follow(false)
                .formParam("var_name", "GREETING", "", "NEW").formParam("var_value", "hello", "x", "1")
                .post(ENV + "/vars").then().statusCode(303);
        assertEquals(Map.of("GREETING", "hello", "NEW", "1"), api.version("acme", "hello", "production", 3).varMap());
        given().get(ENV).then().body(containsString("id=\"latest-version\">v3</strong>"));
    }

    @Test
    void anInvalidVarNameIsShownAtItsRowAndTheRowsAreKept() {
        version("a", Map.of());
        given().formParam("var_name", "BAD NAME").formParam("var_value", "typed value")
                .post(ENV + "/vars").then().statusCode(400)
                .body(containsString("id=\"var-error-0\">is not a valid variable name"))
                .body(containsString("value=\"BAD NAME\""))
                .body(containsString("value=\"typed value\""));
    }

    @Test
    void secretsAreWriteOnly() {
        version("a", Map.of());
        given().redirects().follow(false).formParam("name", "API_TOKEN").formParam("value", "s3cr3t-value")
                .post(ENV + "/secrets").then().statusCode(303);
        given().get(ENV).then().statusCode(200)
                .body(containsString("<code>API_TOKEN</code>"))
                .body(not(containsString("s3cr3t-value")));
        given().formParam("name", "EMPTY").formParam("value", "")
                .post(ENV + "/secrets").then().statusCode(400)
                .body(containsString("id=\"secret-value-error\">must not be empty"))
                .body(containsString("value=\"EMPTY\""));
    }

    @Test
    void rollbackIsOneClickOnAnyVersion() {
        version("one", Map.of());
        version("two", Map.of());
        // the button's accessible name is its visible label (no aria-label that says something else)
        given().get(ENV).then().body(containsString("<button type=\"submit\">Roll back to v1</button>"));
        given().redirects().follow(false).formParam("number", "1").post(ENV + "/deploy").then().statusCode(303);
        given().get(ENV).then().body(containsString("id=\"live\">v1</strong>"));
    }

    @Test
    void splitDeploymentSendsAPercentageToTheSecondVersion() {
        version("one", Map.of());
        version("two", Map.of());
        given().redirects().follow(false).formParam("from_version", "1").formParam("to_version", "2")
                .formParam("percentage", "25").post(ENV + "/split").then().statusCode(303);
        given().get(ENV).then().body(containsString("id=\"live\">v1 (75%), v2 (25%)</strong>"));
    }

    @Test
    void aSplitToAMissingVersionIsShownAtThatFieldWithTheInputKept() {
        version("one", Map.of());
        version("two", Map.of());
        given().formParam("from_version", "1").formParam("to_version", "9").formParam("percentage", "30")
                .post(ENV + "/split").then().statusCode(400)
                .body(containsString("id=\"split-to_version-error\">names no version of this environment"))
                .body(containsString("value=\"9\""))
                .body(containsString("value=\"30\""));
        given().formParam("from_version", "1").formParam("to_version", "2").formParam("percentage", "abc")
                .post(ENV + "/split").then().statusCode(400)
                .body(containsString("id=\"split-percentage-error\">must be a whole number"));
    }

    @Test
    void bindingsEditorSavesAServiceBindingAndReportsAnUnknownTarget() {
        version("one", Map.of());
        api.createService("acme", "auth");
        given().redirects().follow(false).formParam("binding_type", "service").formParam("binding_name", "AUTH")
                .formParam("binding_service", "auth").formParam("binding_environment", "")
                .formParam("binding_namespace", "").post(ENV + "/bindings").then().statusCode(303);
        assertEquals("auth", api.version("acme", "hello", "production", 2).bindingList().getFirst().service());
        given().formParam("binding_type", "service").formParam("binding_name", "PAY")
                .formParam("binding_service", "payments").formParam("binding_environment", "")
                .formParam("binding_namespace", "").post(ENV + "/bindings").then().statusCode(400)
                .body(containsString("names no service of account acme"))
                .body(containsString("value=\"payments\""));
    }

    @Test
    void promoteCopiesAPreviewIntoProduction() {
        version("one", Map.of());
        api.createEnvironment("acme", "hello", "staging", "production");
        api.patchVars("acme", "hello", "staging", Map.of("MODE", "preview"));
        given().redirects().follow(false).formParam("message", "ship it")
                .post("/accounts/acme/services/hello/environments/staging/promote").then().statusCode(303)
                .header("Location", containsString("/environments/production"));
        assertEquals("preview", api.version("acme", "hello", "production", 2).varMap().get("MODE"));
    }

    @Test
    void renameAndDeleteOfAPreview() {
        api.createEnvironment("acme", "hello", "staging", null);
        given().redirects().follow(false).formParam("name", "qa")
                .post("/accounts/acme/services/hello/environments/staging/rename").then().statusCode(303)
                .header("Location", containsString("/environments/qa"));
        given().get("/accounts/acme/services/hello/environments/qa").then().body(containsString("qa-hello.acme.localhost"));
        given().formParam("name", "Bad Name").post("/accounts/acme/services/hello/environments/qa/rename")
                .then().statusCode(400).body(containsString("id=\"rename-name-error\"")).body(containsString("value=\"Bad Name\""));
        given().redirects().follow(false).post("/accounts/acme/services/hello/environments/qa/delete").then().statusCode(303);
        given().get("/accounts/acme/services/hello").then().body(not(containsString("qa-hello")));
    }

    @Test
    void productionCannotBeRenamedSoTheFormIsNotOffered() {
        given().get(ENV).then().body(not(containsString("Rename or delete")));
    }

    @Test
    void anUnreachableApiIsExplainedAndNothingTypedIsLost() {
        version("one", Map.of());
        api.failNext(new ApiException(503, "The platform API at http://127.0.0.1:8080 cannot be reached right now. Nothing was changed; try again in a moment.", List.of()));
        given().formParam("main_module", "worker.js").formParam("module_path", "worker.js")
                .formParam("module_source", "// my precious edit").formParam("deploy", "true")
                .post(ENV + "/code").then().statusCode(502)
                .body(containsString("cannot be reached right now. Nothing was changed"))
                .body(containsString("// my precious edit</textarea>"));
    }

    @Test
    @TestSecurity(user = "vera")
    void viewersReadButSeeNoWriteControls() {
        version("one", Map.of("GREETING", "hi"));
        given().get(ENV).then().statusCode(200)
                .body(containsString("id=\"live\">v1</strong>"))
                .body(containsString("<td>GREETING</td><td>hi</td>"))
                .body(not(containsString("Save as new version")))
                .body(not(containsString("Roll back")))
                .body(not(containsString("Save vars")))
                .body(not(containsString("Save secret")))
                .body(not(containsString("method=\"post\"")));
    }
}
