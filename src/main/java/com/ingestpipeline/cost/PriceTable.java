package com.ingestpipeline.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices kept as data ({@code prices.csv} beside this class): each row names its region, the date it
 * was checked and the page it came from, so an estimate can always be traced back to its source.
 */
public final class PriceTable {
    /** One price: {@code usd} per {@code unit}. */
    public record Price(String key, String region, String unit, double usd, LocalDate date, String source) {
    }

    private static final String RESOURCE = "prices.csv";
    private final Map<String, Price> prices;

    private PriceTable(Map<String, Price> prices) {
        this.prices = Map.copyOf(prices);
    }

    /** The table shipped with the library. */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("price table " + RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses CSV rows {@code key,region,unit,usd,date,source}; lists every bad row in one error. */
    public static PriceTable parse(String csv) {
        Map<String, Price> out = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("key,")) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 6) {
                    problems.add("line " + lineNo + ": expected 6 fields, got " + f.length);
                    continue;
                }
                try {
                    Price p = new Price(f[0].trim(), f[1].trim(), f[2].trim(), Double.parseDouble(f[3].trim()),
                        LocalDate.parse(f[4].trim()), f[5].trim());
                    if (p.region().isEmpty() || !p.source().startsWith("https://") || p.usd() < 0) {
                        problems.add("line " + lineNo + ": " + p.key() + " needs a region, a price >= 0 and an https source");
                    } else if (out.put(p.key(), p) != null) {
                        problems.add("line " + lineNo + ": duplicate key " + p.key());
                    }
                } catch (NumberFormatException | DateTimeParseException e) {
                    problems.add("line " + lineNo + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("price table: " + String.join("; ", problems));
        }
        return new PriceTable(out);
    }

    public Optional<Price> find(String key) {
        return Optional.ofNullable(prices.get(key));
    }

    /** The price for {@code key}; fails naming the key so a missing row is fixed in the table, not guessed. */
    public Price get(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("price table has no row '" + key
            + "': add it to " + RESOURCE + " with its region, date and source URL"));
    }

    public double usd(String key) {
        return get(key).usd();
    }

    public List<Price> all() {
        return List.copyOf(prices.values());
    }
}
