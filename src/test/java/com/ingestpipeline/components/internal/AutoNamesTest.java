package com.ingestpipeline.components.internal;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoNamesTest {
    @Test
    void aChildNameThatFitsWithPulumisSuffixPasses() {
        // 56 + "-" + 7 random characters = 64, exactly the IAM role limit.
        String name = "r".repeat(51) + "-role";
        assertThat(AutoNames.tooLong(List.of(new AutoNames.Child("role", name, AutoNames.ROLE)))).isEmpty();
    }

    @Test
    void oneCharacterOverTheLimitIsReportedWithTheExcess() {
        String name = "r".repeat(52) + "-role";
        assertThat(AutoNames.tooLong(List.of(new AutoNames.Child("function role", name, AutoNames.ROLE))))
            .containsExactly("its function role would be named '" + name + "-' plus 7 random characters (65), "
                + "over AWS's limit of 64; shorten the name by 1 character(s)");
    }

    @Test
    void bucketNamesRefuseUnderscoresButTakeUppercaseBecausePulumiLowercasesThem() {
        assertThat(AutoNames.bucketChars("Dev-ingest")).isEmpty();
        assertThat(AutoNames.bucketChars("dev.eu-ingest")).isEmpty();
        assertThat(AutoNames.bucketChars("dev_eu-ingest")).hasSize(1);
        assertThat(AutoNames.bucketChars("-dev")).hasSize(1);
    }

    @Test
    void rdsNamesTakeOnlyLettersDigitsAndSingleHyphensFromALetter() {
        assertThat(AutoNames.rdsChars("Dev-db")).isEmpty();
        assertThat(AutoNames.rdsChars("dev_eu-db")).hasSize(1);
        assertThat(AutoNames.rdsChars("dev.eu-db")).hasSize(1);
        assertThat(AutoNames.rdsChars("1dev-db")).hasSize(1);
        assertThat(AutoNames.rdsChars("dev--db")).hasSize(1);
    }

    @Test
    void checkNamesTheComponentAndEveryProblem() {
        assertThatThrownBy(() -> AutoNames.check("Database", "x_y", List.of("a", "b")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("Database name 'x_y': a; b");
        AutoNames.check("Database", "ok", List.of());
    }
}
