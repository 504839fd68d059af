package com.ingestpipeline.e2e.contracts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The bytecode of a deployed jar, read with ASM: class file versions, methods, and for the project's own classes
 * ({@code com/ingestpipeline/}) which other classes each refers to and which environment variables it reads. A
 * variable counts as read where a string constant that looks like one ({@code UPPER_SNAKE}) is loaded before a
 * call to {@code System.getenv}, to the functions' {@code Env} reader, or to {@code Map.get/getOrDefault/containsKey}
 * (the environment map handed around). Reachability is per class, from a handler or main class plus the
 * project classes named in {@code META-INF/services} (loaded by ServiceLoader, so no reference leads to them).
 */
public final class JarClasses {
    private static final String OWN = "com/ingestpipeline/";
    private static final String ENV_READER = "com/ingestpipeline/functions/common/config/Env";
    private static final Set<String> ENV_METHODS = Set.of("required", "optional", "requiredLong", "requiredOneOf");
    private static final Set<String> MAP_METHODS = Set.of("get", "getOrDefault", "containsKey");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)+");

    /** One class: its version, supertypes, methods ({@code name + descriptor} → access), references, env reads. */
    public record ClassInfo(String name, int majorVersion, int access, String superName, List<String> interfaces,
                            Map<String, Integer> methods, Set<String> references, Set<String> envReads) {
    }

    private final Path jar;
    private final Map<String, ClassInfo> classes = new HashMap<>();
    private final Set<String> serviceProviders = new TreeSet<>();
    private final Map<String, Integer> versionedEntries = new TreeMap<>();

    public JarClasses(Path jar) {
        this.jar = jar;
        try (JarFile j = new JarFile(jar.toFile())) {
            for (JarEntry e : java.util.Collections.list(j.entries())) {
                String n = e.getName();
                if (n.startsWith("META-INF/services/") && !e.isDirectory()) {
                    for (String line : new String(j.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String c = line.replaceAll("#.*", "").strip();
                        if (c.startsWith("com.ingestpipeline.")) {
                            serviceProviders.add(c.replace('.', '/'));
                        }
                    }
                }
                if (!n.endsWith(".class") || n.endsWith("module-info.class")) {
                    continue;
                }
                byte[] bytes = j.getInputStream(e).readAllBytes();
                int major = ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
                if (n.startsWith("META-INF/versions/")) {
                    versionedEntries.put(n, Integer.parseInt(n.split("/")[2]));
                    continue;
                }
                ClassInfo info = read(bytes, major, n.startsWith(OWN));
                classes.put(info.name(), info);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    public Path jar() {
        return jar;
    }

    public ClassInfo get(String internalName) {
        return classes.get(internalName);
    }

    public Map<String, ClassInfo> all() {
        return classes;
    }

    /** Multi-release entries ({@code META-INF/versions/N/...}) → N. */
    public Map<String, Integer> versionedEntries() {
        return versionedEntries;
    }

    /** Environment variables read by project classes reachable from {@code root} (internal name). */
    public Set<String> envReadsReachableFrom(String root) {
        Set<String> reads = new TreeSet<>();
        for (String c : reachableOwnClasses(root)) {
            reads.addAll(classes.get(c).envReads());
        }
        return reads;
    }

    /** Project classes reachable from {@code root} and the ServiceLoader providers, following references. */
    public Set<String> reachableOwnClasses(String root) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(root);
        todo.addAll(serviceProviders);
        while (!todo.isEmpty()) {
            String c = todo.poll();
            if (!c.startsWith(OWN) || !classes.containsKey(c) || !seen.add(c)) {
                continue;
            }
            todo.addAll(classes.get(c).references());
        }
        return seen;
    }

    private static ClassInfo read(byte[] bytes, int major, boolean own) {
        Set<String> refs = new HashSet<>();
        Set<String> env = new TreeSet<>();
        Map<String, Integer> methods = new HashMap<>();
        String[] header = new String[2];
        int[] access = new int[1];
        List<String>[] interfaces = new List[] {List.of()};
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int acc, String name, String signature, String superName, String[] ifaces) {
                header[0] = name;
                header[1] = superName;
                access[0] = acc;
                interfaces[0] = ifaces == null ? List.of() : List.of(ifaces);
                if (superName != null) {
                    refs.add(superName);
                }
                refs.addAll(interfaces[0]);
            }

            @Override
            public MethodVisitor visitMethod(int acc, String name, String descriptor, String signature, String[] exceptions) {
                methods.put(name + descriptor, acc);
                if (!own) {
                    return null;
                }
                addTypes(refs, Type.getMethodType(descriptor));
                return new MethodVisitor(Opcodes.ASM9) {
                    // Names seen since the last reader call: nested reads (getOrDefault("A", getOrDefault("B", x)))
                    // push both names before either call.
                    private final Set<String> pending = new TreeSet<>();

                    @Override
                    public void visitLdcInsn(Object value) {
                        if (value instanceof String s) {
                            if (ENV_NAME.matcher(s).matches()) {
                                pending.add(s);
                            }
                        } else if (value instanceof Type t) {
                            addType(refs, t);
                        }
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        addType(refs, Type.getObjectType(type));
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                        refs.add(owner);
                    }

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean itf) {
                        refs.add(owner);
                        boolean reader = owner.equals(ENV_READER) && ENV_METHODS.contains(name)
                                || owner.equals("java/lang/System") && name.equals("getenv")
                                || owner.equals("java/util/Map") && MAP_METHODS.contains(name);
                        if (reader) {
                            env.addAll(pending);
                            pending.clear();
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
                        for (Object a : args) {
                            if (a instanceof Handle h) {
                                refs.add(h.getOwner());
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_FRAMES);
        return new ClassInfo(header[0], major, access[0], header[1], interfaces[0], methods, refs, env);
    }

    private static void addTypes(Set<String> refs, Type methodType) {
        addType(refs, methodType.getReturnType());
        for (Type t : methodType.getArgumentTypes()) {
            addType(refs, t);
        }
    }

    private static void addType(Set<String> refs, Type t) {
        Type e = t.getSort() == Type.ARRAY ? t.getElementType() : t;
        if (e.getSort() == Type.OBJECT) {
            refs.add(e.getInternalName());
        }
    }
}
