package io.offcpu.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.util.IPreferenceValueProvider;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.rules.IResult;
import org.openjdk.jmc.flightrecorder.rules.IRule;
import org.openjdk.jmc.flightrecorder.rules.RuleRegistry;
import org.openjdk.jmc.flightrecorder.rules.util.RulesToolkit;

/** Runs every JMC rule on a recording the way Mission Control's automated analysis does. */
final class JmcRules {
    private JmcRules() {}

    /** The rules that threw, with their error; empty when all evaluated. */
    static List<String> failing(Path recording) throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(recording.toFile());
        Map<IRule, Future<IResult>> results = RulesToolkit.evaluateParallel(
                RuleRegistry.getRules(), items, IPreferenceValueProvider.DEFAULT_VALUES, 2);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<IRule, Future<IResult>> e : results.entrySet()) {
            try {
                if (e.getValue().get() == null) {
                    failures.add(e.getKey().getId() + ": no result");
                }
            } catch (ExecutionException ex) {
                failures.add(e.getKey().getId() + ": " + ex.getCause());
            }
        }
        if (results.size() < 40) {
            failures.add("only " + results.size() + " rules registered");
        }
        return failures;
    }
}
