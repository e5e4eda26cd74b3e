package io.ratekit.scripts.worker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox in-process: scripts price with exact decimals and each escape attempt fails with a
 * clear reason. (Runaways that ignore cancellation are the processor's job: it kills the worker;
 * see the processor's ScriptWorkerPoolTest.)
 */
class ScriptSandboxTest {

    private static final String FRAME = "{\"period\": {\"begin\": \"2026-03-01T10:00:00Z\", \"end\": \"2026-03-01T11:00:00Z\"},"
            + " \"usage\": {\"vcpu\": [{\"vol\": {\"unit\": \"vcpu\", \"qty\": 3}, \"rating\": {\"price\": 0},"
            + " \"groupby\": {\"project_id\": \"p1\"}, \"metadata\": {\"flavor\": \"m1\"}}]}}";
    private static ScriptSandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = new ScriptSandbox(50_000_000L, 4096);
        sandbox.warmUp();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    private static ScriptSandbox.Outcome run(String name, String code) {
        return sandbox.run(List.of(new ScriptSandbox.Script(name, Integer.toHexString(code.hashCode()), code)), FRAME, 3000, 1 << 20);
    }

    private static void refused(String name, String code, String kind, String messagePart) {
        ScriptSandbox.Outcome outcome = run(name, code);
        assertThat(outcome.failure()).as(name).isNotNull();
        assertThat(outcome.failure().kind()).as(name + ": " + outcome.failure().getMessage()).isEqualTo(kind);
        assertThat(outcome.failure().getMessage()).as(name).containsIgnoringCase(messagePart);
        assertThat(outcome.failedScript()).isEqualTo(name);
    }

    @Test
    void aScriptPricesWithDecimalsAndPrints() {
        ScriptSandbox.Outcome outcome = run("price", """
                import decimal
                for point in data['usage']['vcpu']:
                    point['rating']['price'] = point['vol']['qty'] * decimal.Decimal('0.1')
                print('priced', data['period']['begin'].isoformat())
                """);
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.data()).contains("\"price\": \"0.3\"").contains("\"begin\": \"2026-03-01T10:00:00+00:00\"");
        assertThat(outcome.printed().get(0).output()).isEqualTo("priced 2026-03-01T10:00:00+00:00\n");
    }

    @Test
    void scriptsRunInOrderEachSeeingThePreviousOutput() {
        String first = "for p in data['usage']['vcpu']:\n    p['rating']['price'] = p['vol']['qty']\n";
        String second = "import decimal\nfor p in data['usage']['vcpu']:\n    p['rating']['price'] *= decimal.Decimal(2)\n";
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("a", "1", first), new ScriptSandbox.Script("b", "1", second)),
                FRAME, 3000, 1 << 20);
        assertThat(outcome.data()).contains("\"price\": \"6\"");
    }

    @Test
    void fileNetworkProcessAndHostAccessAreRefused() {
        refused("read-file", "open('/etc/passwd').read()", "error", "");
        refused("write-file", "open('/tmp/ratekit-escape', 'w').write('x')", "error", "");
        refused("os-system", "import os\nos.system('touch /tmp/ratekit-escape')", "error", "");
        refused("subprocess", "import subprocess\nsubprocess.run(['id'])", "error", "");
        refused("socket", "import socket\nsocket.create_connection(('127.0.0.1', 5432))", "error", "");
        refused("java", "import java\njava.type('java.lang.System').exit(3)", "error", "");
        refused("polyglot", "import polyglot\npolyglot.eval(language='js', string='1')", "error", "");
        refused("thread", "import threading\nt = threading.Thread(target=lambda: None)\nt.start()\nt.join()", "error", "");
        assertThat(new java.io.File("/tmp/ratekit-escape")).doesNotExist();
    }

    @Test
    void anInfiniteLoopIsStoppedWithinItsBudget() {
        Instant start = Instant.now();
        // a budget well below the time 50 million statements take, so that the clock stops it
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("loop", "1", "while True:\n    pass\n")), FRAME, 300, 1 << 20);
        assertThat(outcome.failure()).isNotNull();
        assertThat(outcome.failure().kind()).as(outcome.failure().getMessage()).isEqualTo("timeout");
        assertThat(outcome.failure().getMessage()).contains("budget of 300 ms");
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
        // the context died with it; the script runs again in a fresh one
        assertThat(run("after-loop", "data['usage']['vcpu'][0]['rating']['price'] = 1").failure()).isNull();
    }

    @Test
    void theStatementLimitStopsAScriptAsALimit() {
        try (ScriptSandbox small = new ScriptSandbox(2_000_000L, 4096)) {
            ScriptSandbox.Outcome outcome = small.run(List.of(new ScriptSandbox.Script("busy", "1", "x = 0\nfor i in range(10**9):\n    x += i\n")),
                    FRAME, 30_000, 1 << 20);
            assertThat(outcome.failure()).isNotNull();
            assertThat(outcome.failure().kind()).as(outcome.failure().getMessage()).isEqualTo("limit");
            // the limit counts each frame afresh: a small script still runs afterwards
            assertThat(small.run(List.of(new ScriptSandbox.Script("small", "1", "pass")), FRAME, 30_000, 1 << 20).failure()).isNull();
        }
    }

    @Test
    void sysExitFailsTheScriptNotTheWorker() {
        refused("exit", "import sys\nsys.exit(3)", "exit", "sys.exit(3)");
        assertThat(run("after-exit", "pass").failure()).isNull();
    }

    @Test
    void monkeypatchingDecimalDoesNotReachTheNextScript() {
        String patch = "import decimal\ndecimal.Decimal.__mul__ = lambda a, b: decimal.Decimal(999)\n";
        String price = "import decimal\nfor p in data['usage']['vcpu']:\n    p['rating']['price'] = p['vol']['qty'] * decimal.Decimal('0.5')\n";
        ScriptSandbox.Outcome outcome = sandbox.run(List.of(new ScriptSandbox.Script("patch", "1", patch), new ScriptSandbox.Script("price-after", "1", price)),
                FRAME, 3000, 1 << 20);
        assertThat(outcome.failure()).as(String.valueOf(outcome.failure())).isNull();
        assertThat(outcome.data()).contains("\"price\": \"1.5\"");
    }

    @Test
    void everyFrameStartsWithCloudKittysDecimalContextAndDecimalsOfItsOwn() {
        String tamper = """
                import decimal
                for p in data['usage']['vcpu']:
                    p['rating']['price'] = p['vol']['qty'] / decimal.Decimal(7)
                    p['vol']['qty']._int = '9'
                decimal.getcontext().prec = 2
                """;
        ScriptSandbox.Script script = new ScriptSandbox.Script("tamper", "1", tamper);
        ScriptSandbox.Outcome once = sandbox.run(List.of(script), FRAME, 3000, 1 << 20);
        assertThat(once.failure()).as(String.valueOf(once.failure())).isNull();
        String first = once.data();
        String second = sandbox.run(List.of(script), FRAME, 3000, 1 << 20).data();
        assertThat(first).contains("\"price\": \"0.4285714285714285714285714286\"").contains("\"qty\": \"3\"");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void pricesBeyondFortyDecimalsAreRoundedHalfEven() {
        ScriptSandbox.Outcome outcome = run("tiny", "import decimal\ndata['usage']['vcpu'][0]['rating']['price'] = decimal.Decimal('2.5E-40') + decimal.Decimal('1E-45')\n");
        assertThat(outcome.failure()).isNull();
        assertThat(outcome.data()).contains("\"price\": \"3E-40\"");
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() {
        ScriptFailure failure = sandbox.check("broken", "x = 1\nif x >\n    pass\n");
        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo("syntax");
        assertThat(failure.line()).isEqualTo(2);
        assertThat(failure.column()).isPositive();
        assertThat(sandbox.check("fine", "x = 1\n")).isNull();
    }

    @Test
    void garbageAndOversizedOutputAreRefused() {
        refused("object", "data = object()", "invalid", "must be a dict");
        refused("text-price", "data['usage']['vcpu'][0]['rating']['price'] = 'free'", "invalid", "data.usage.vcpu[0].rating.price");
        refused("extra", "data['total'] = 1", "invalid", "data.total");
        refused("big", "data['usage']['vcpu'] = data['usage']['vcpu'] * 20000", "output", "more than");
        refused("deleted", "del data", "invalid", "deleted");
    }
}
