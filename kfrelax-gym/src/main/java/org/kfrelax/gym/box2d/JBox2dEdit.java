package org.kfrelax.gym.box2d;

import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * One named change to one JBox2D class file, made with ASM while {@link IsolatedJBox2d} defines
 * the class. Two kinds suffice:
 * <ul>
 *   <li>{@link #delegate}: a method's body becomes a call to a static method with the same
 *       arguments ({@code this} first for an instance method), whose result it returns;</li>
 *   <li>{@link #constant}: a {@code static final} constant gets another value, in its field
 *       and at every place javac copied it into the class's code.</li>
 * </ul>
 * Each edit knows how many places it must change; {@link #apply} throws
 * {@link IllegalStateException} when it finds another number (another JBox2D version), so the
 * simulator never runs on something it was not checked against.
 */
abstract class JBox2dEdit {
    private final String name;
    private final String className;
    private final int expectedSites;

    private JBox2dEdit(String name, String className, int expectedSites) {
        this.name = name;
        this.className = className;
        this.expectedSites = expectedSites;
    }

    /** What the edit changes, e.g. "MathUtils.sin is glibc's sinf". */
    final String name() {
        return name;
    }

    /** The binary name of the class it edits, e.g. {@code org.jbox2d.common.MathUtils}. */
    final String className() {
        return className;
    }

    @Override
    public final String toString() {
        return name;
    }

    /** Wraps {@code next}; the returned visitor adds 1 to {@code sites[0]} for every place changed. */
    abstract ClassVisitor visitor(ClassVisitor next, int[] sites);

    /**
     * Applies {@code edits} (all for the class in {@code classFile}) and returns the new class file.
     *
     * @throws IllegalStateException if an edit does not find exactly its expected places
     */
    static byte[] apply(byte[] classFile, List<JBox2dEdit> edits) {
        ClassReader reader = new ClassReader(classFile);
        // Replaced bodies are straight-line code, so they need no stack map frames, and they state
        // their own stack and local sizes; the other methods keep theirs (nothing to compute).
        ClassWriter writer = new ClassWriter(reader, 0);
        int[][] sites = new int[edits.size()][1];
        ClassVisitor chain = writer;
        for (int i = 0; i < edits.size(); i++) {
            JBox2dEdit edit = edits.get(i);
            if (!edit.className.equals(reader.getClassName().replace('/', '.'))) {
                throw new IllegalArgumentException("edit '" + edit + "' is for " + edit.className + ", not "
                        + reader.getClassName());
            }
            chain = edit.visitor(chain, sites[i]);
        }
        reader.accept(chain, 0);
        for (int i = 0; i < edits.size(); i++) {
            JBox2dEdit edit = edits.get(i);
            if (sites[i][0] != edit.expectedSites) {
                throw new IllegalStateException("JBox2D edit '" + edit + "' expected " + edit.expectedSites
                        + " place(s) to change in " + edit.className + ", found " + sites[i][0]
                        + "; is jbox2d-library 2.2.1.1 on the classpath?");
            }
        }
        return writer.toByteArray();
    }

    /**
     * The body of {@code className.method} (descriptor {@code descriptor}) becomes
     * {@code return target.method(args)}, {@code target} being a class (internal name) with a
     * public static method of that name taking the same arguments, preceded by the receiver for
     * an instance method.
     */
    static JBox2dEdit delegate(String name, String className, String method, String descriptor, String target) {
        return new JBox2dEdit(name, className, 1) {
            @Override
            ClassVisitor visitor(ClassVisitor next, int[] sites) {
                return new ClassVisitor(Opcodes.ASM9, next) {
                    @Override
                    public MethodVisitor visitMethod(int access, String methodName, String desc, String signature,
                                                     String[] exceptions) {
                        MethodVisitor out = super.visitMethod(access, methodName, desc, signature, exceptions);
                        if (!methodName.equals(method) || !desc.equals(descriptor)) {
                            return out;
                        }
                        sites[0]++;
                        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                        String targetDescriptor = isStatic ? descriptor
                                : "(L" + className.replace('.', '/') + ";" + descriptor.substring(1);
                        return new BodyReplacement(out, () -> {
                            int slot = 0;
                            if (!isStatic) {
                                out.visitVarInsn(Opcodes.ALOAD, slot++);
                            }
                            for (Type argument : Type.getArgumentTypes(descriptor)) {
                                out.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                                slot += argument.getSize();
                            }
                            out.visitMethodInsn(Opcodes.INVOKESTATIC, target, method, targetDescriptor, false);
                            Type result = Type.getReturnType(descriptor);
                            out.visitInsn(result.getOpcode(Opcodes.IRETURN));
                            // the arguments fill the stack, then the result replaces them
                            out.visitMaxs(Math.max(slot, result.getSize()), slot);
                        });
                    }
                };
            }
        };
    }

    /**
     * The {@code static final} field {@code className.field} has the value {@code to} instead of
     * {@code from}, in its declaration and at the {@code inlinedUses} places of the class's code
     * where javac copied {@code from} (any other load of the same literal in that class is
     * counted too, so the expected total guards against editing an unrelated number).
     *
     * @param from an {@link Integer} or {@link Float}, as the field's type
     */
    static JBox2dEdit constant(String name, String className, String field, Number from, Number to, int inlinedUses) {
        if (from.getClass() != to.getClass() || !(from instanceof Integer || from instanceof Float)) {
            throw new IllegalArgumentException("constant edit '" + name + "' needs two Integers or two Floats, got "
                    + from.getClass().getSimpleName() + " and " + to.getClass().getSimpleName());
        }
        return new JBox2dEdit(name, className, 1 + inlinedUses) {
            @Override
            ClassVisitor visitor(ClassVisitor next, int[] sites) {
                return new ClassVisitor(Opcodes.ASM9, next) {
                    @Override
                    public FieldVisitor visitField(int access, String fieldName, String descriptor, String signature,
                                                   Object value) {
                        if (fieldName.equals(field) && from.equals(value)) {
                            sites[0]++;
                            return super.visitField(access, fieldName, descriptor, signature, to);
                        }
                        return super.visitField(access, fieldName, descriptor, signature, value);
                    }

                    @Override
                    public MethodVisitor visitMethod(int access, String methodName, String desc, String signature,
                                                     String[] exceptions) {
                        return new MethodVisitor(Opcodes.ASM9,
                                super.visitMethod(access, methodName, desc, signature, exceptions)) {
                            @Override
                            public void visitLdcInsn(Object value) {
                                if (from.equals(value)) {
                                    sites[0]++;
                                    value = to;
                                }
                                super.visitLdcInsn(value);
                            }

                            @Override
                            public void visitIntInsn(int opcode, int operand) {
                                boolean push = opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH;
                                if (push && from.equals(operand)) {
                                    sites[0]++;
                                    int value = to.intValue();
                                    super.visitIntInsn(value == (byte) value ? Opcodes.BIPUSH : Opcodes.SIPUSH, value);
                                } else {
                                    super.visitIntInsn(opcode, operand);
                                }
                            }
                        };
                    }
                };
            }
        };
    }

    /**
     * Writes a new body (instructions, then {@code visitMaxs}) when the original's code starts and
     * drops the original's instructions, frames, local-variable and line-number tables.
     */
    private static final class BodyReplacement extends MethodVisitor {
        private final MethodVisitor out;
        private final Runnable body;

        BodyReplacement(MethodVisitor out, Runnable body) {
            super(Opcodes.ASM9); // no delegate: whatever is not overridden here is dropped
            this.out = out;
            this.body = body;
        }

        @Override
        public void visitCode() {
            out.visitCode();
            body.run(); // ends with visitMaxs
        }

        @Override
        public void visitEnd() {
            out.visitEnd();
        }
    }
}
