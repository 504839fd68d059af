package com.ingestpipeline.functions.worker.job.profile;

import java.util.Arrays;

/**
 * A length-limited canonical Huffman code for DEFLATE, rebuilt for every block from symbol
 * frequencies. Codes are stored bit-reversed, ready for DEFLATE's least-significant-bit-first
 * packing.
 */
final class Huffman {
    final int[] length;
    final int[] code;
    private final int maxLength;
    private final long[] leaves;
    private final int[] weight;
    private final int[] parent;
    private final int[] depth;
    private final int[] scaled;

    Huffman(int symbols, int maxLength) {
        this.maxLength = maxLength;
        this.length = new int[symbols];
        this.code = new int[symbols];
        this.leaves = new long[symbols];
        this.weight = new int[2 * symbols];
        this.parent = new int[2 * symbols];
        this.depth = new int[2 * symbols];
        this.scaled = new int[symbols];
    }

    /** Symbols to transmit: up to the last one used, and at least {@code min}. */
    int used(int min) {
        int n = length.length;
        while (n > min && length[n - 1] == 0) {
            n--;
        }
        return n;
    }

    /**
     * Builds code lengths no longer than the limit. When the optimal code is too deep the
     * frequencies are halved (keeping every used symbol non-zero) and the code is built again:
     * slightly suboptimal for that rare block, always valid. Fewer than two used symbols get a
     * second one, because an inflater expects a complete code.
     */
    void build(int[] freq) {
        System.arraycopy(freq, 0, scaled, 0, scaled.length);
        int used = 0;
        for (int f : scaled) {
            used += f > 0 ? 1 : 0;
        }
        for (int s = 0; used < 2; s++) {
            if (scaled[s] == 0) {
                scaled[s] = 1;
                used++;
            }
        }
        while (!tryBuild()) {
            for (int s = 0; s < scaled.length; s++) {
                if (scaled[s] > 0) {
                    scaled[s] = (scaled[s] >> 1) | 1;
                }
            }
        }
        assignCodes();
    }

    private boolean tryBuild() {
        Arrays.fill(length, 0);
        int m = 0;
        for (int s = 0; s < scaled.length; s++) {
            if (scaled[s] > 0) {
                leaves[m++] = (long) scaled[s] << 32 | s;
            }
        }
        Arrays.sort(leaves, 0, m);
        for (int k = 0; k < m; k++) {
            weight[k] = (int) (leaves[k] >>> 32);
        }
        // Two-queue construction: leaves in weight order, internal nodes are created in weight order too.
        int nextLeaf = 0;
        int nextNode = m;
        int end = m;
        for (int made = 0; made < m - 1; made++) {
            int a = nextLeaf < m && (nextNode >= end || weight[nextLeaf] <= weight[nextNode]) ? nextLeaf++ : nextNode++;
            int b = nextLeaf < m && (nextNode >= end || weight[nextLeaf] <= weight[nextNode]) ? nextLeaf++ : nextNode++;
            weight[end] = weight[a] + weight[b];
            parent[a] = end;
            parent[b] = end;
            end++;
        }
        int root = end - 1;
        depth[root] = 0;
        for (int k = root - 1; k >= 0; k--) {
            depth[k] = depth[parent[k]] + 1;
        }
        for (int k = 0; k < m; k++) {
            if (depth[k] > maxLength) {
                return false;
            }
            length[(int) leaves[k]] = depth[k];
        }
        return true;
    }

    private void assignCodes() {
        int[] count = new int[maxLength + 1];
        for (int len : length) {
            count[len]++;
        }
        count[0] = 0;
        int[] next = new int[maxLength + 2];
        int c = 0;
        for (int len = 1; len <= maxLength; len++) {
            c = (c + count[len - 1]) << 1;
            next[len] = c;
        }
        for (int s = 0; s < length.length; s++) {
            int len = length[s];
            code[s] = len == 0 ? 0 : Integer.reverse(next[len]++) >>> (32 - len);
        }
    }
}
