package com.ingestpipeline.functions.worker.job.profile;

import com.ingestpipeline.functions.worker.TaskFailure;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Top-level keys of a JSON Lines file, shared by the threads that parse its chunks. Each key
 * remembers where it was first seen, so the profile lists columns in file order whichever thread
 * found them first.
 */
final class ColumnRegistry {
    private final int maxColumns;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final List<long[]> firstSeen = new ArrayList<>();

    ColumnRegistry(int maxColumns) {
        this.maxColumns = maxColumns;
    }

    synchronized int indexOf(String name, long chunk, long row) throws TaskFailure {
        Integer i = index.get(name);
        if (i != null) {
            long[] seen = firstSeen.get(i);
            if (chunk < seen[0] || (chunk == seen[0] && row < seen[1])) {
                seen[0] = chunk;
                seen[1] = row;
            }
            return i;
        }
        if (names.size() >= maxColumns) {
            throw TaskFailure.permanent("more than " + maxColumns + " distinct top-level keys; at most "
                    + maxColumns + " columns are supported");
        }
        index.put(name, names.size());
        names.add(name);
        firstSeen.add(new long[] {chunk, row});
        return names.size() - 1;
    }

    /** Column indexes in order of first appearance in the file. */
    synchronized int[] fileOrder() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> firstSeen.get(i)[0]).thenComparingLong(i -> firstSeen.get(i)[1]));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    synchronized String name(int i) {
        return names.get(i);
    }
}
