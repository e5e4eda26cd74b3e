package io.ratekit.storage.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV cells: RFC 4180 quoting, and text a spreadsheet would evaluate neutralised (OWASP's CSV injection advice). */
class CsvTest {

    @Test
    void textStartingWithAFormulaCharacterGetsAQuoteAndIsQuoted() {
        assertThat(Csv.line().text("=HYPERLINK(\"http://x.example\",\"Click\")").end())
                .isEqualTo("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Click\"\")\"\r\n");
        assertThat(Csv.line().text("@SUM(A1:A9)").end()).isEqualTo("\"'@SUM(A1:A9)\"\r\n");
        assertThat(Csv.line().text("+1+2").end()).isEqualTo("\"'+1+2\"\r\n");
        assertThat(Csv.line().text("-2+3").end()).isEqualTo("\"'-2+3\"\r\n");
        assertThat(Csv.line().text("\t=1").end()).isEqualTo("\"'\t=1\"\r\n");
        assertThat(Csv.line().text("\r=1").end()).isEqualTo("\"'\r=1\"\r\n");
    }

    @Test
    void everythingElseIsLeftAsItIs() {
        for (String harmless : List.of("vm-1", "a=b", "x@y", "1-2", " =not at the start", "{\"id\": \"vm\"}", "", "'quoted")) {
            assertThat(Csv.neutralise(harmless)).as(harmless).isEqualTo(harmless);
        }
        assertThat(Csv.neutralise(null)).isNull();
        assertThat(Csv.line().text("plain").text(null).text("a,b").text("say \"hi\"").text("two\nlines").end())
                .isEqualTo("plain,,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    @Test
    void numbersAndTimestampsRatekitWroteStayNumbers() {
        assertThat(Csv.line().exact("2025-03-01T00:00:00Z").exact("-1.5").exact("-0.0001").text("-1.5").end())
                .as("a negative price is a number; the same text in a group value is neutralised")
                .isEqualTo("2025-03-01T00:00:00Z,-1.5,-0.0001,\"'-1.5\"\r\n");
    }

    @Test
    void headersAreTextToo() {
        assertThat(Csv.textLine(List.of("begin", "qty", "=cmd|' /C calc'!A0"))).isEqualTo("begin,qty,\"'=cmd|' /C calc'!A0\"\r\n");
    }
}
