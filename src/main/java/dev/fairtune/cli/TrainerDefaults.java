package dev.fairtune.cli;

import dev.fairtune.train.TrainerConfig;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The defaults of the training options ({@link TrainingOptions}), read from the library's preset
 * {@link TrainerConfig#forCpu()}, so the command line and the library cannot disagree; a {@code
 * --config} file's values win over them ({@link ConfigFile} falls back to this provider).
 */
final class TrainerDefaults implements CommandLine.IDefaultValueProvider {

    /** The preset the options start from. */
    static final TrainerConfig PRESET = TrainerConfig.forCpu().build();

    private static final Map<String, String> VALUES = Map.of(
            "--epochs", Integer.toString(PRESET.schedule().epochs()),
            "--batch-size", Integer.toString(PRESET.batching().batchSize()),
            "--learning-rate", plain(PRESET.optimizer().learningRate()),
            "--max-length", Integer.toString(PRESET.batching().maxLength()),
            "--seed", Long.toString(PRESET.seed()),
            "--evaluate-every", Long.toString(PRESET.evaluation().everySteps()));

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec o && o.userObject() instanceof Field f && (f.getDeclaringClass() == TrainingOptions.class || f.getDeclaringClass() == SeedOption.class)) {
            return VALUES.get(o.longestName());
        }
        return null;
    }

    private static String plain(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toString().replace("E-", "e-");
    }
}
