package com.example.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The jar's command line, in process: how a command that fails in a way nobody foresaw is told to its user. */
class MainTest {

    /** A command with a fault of its own. */
    @CommandLine.Command(name = "fail")
    static final class Failing implements Callable<Integer> {

        @Override
        public Integer call() {
            throw new IllegalStateException("the disk caught fire");
        }
    }

    @Test
    void a_command_that_fails_unforeseen_says_why_in_one_line_with_no_stack_trace_and_exit_status_1() {
        StringWriter err = new StringWriter();
        CommandLine commands = Main.commandLine();
        commands.addSubcommand("fail", new Failing());
        commands.setErr(new PrintWriter(err, true));

        int status = commands.execute("fail");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("fail failed: the disk caught fire" + System.lineSeparator());
    }
}
