package org.kfrelax.gym.box2d;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal editor for JVM class files (JVMS chapter 4): it can add constant-pool entries,
 * replace a {@code CONSTANT_Float}, and replace a method's {@code Code} attribute with a short
 * straight-line body. Everything else is copied byte for byte. Used by {@link JBox2dPatch}.
 */
final class ClassFileEditor {
    private static final int UTF8 = 1;
    private static final int FLOAT = 4;
    private static final int CLASS = 7;
    private static final int METHODREF = 10;
    private static final int NAME_AND_TYPE = 12;

    /** Raw constant-pool entries (tag included); index 0 and the slot after a long/double are null. */
    private final List<byte[]> pool = new ArrayList<>();
    private final byte[] header = new byte[8];
    private final byte[] classInfo; // access flags, this, super, interfaces
    private final byte[] fields;
    private final List<Method> methods = new ArrayList<>();
    private final byte[] classAttributes;

    private static final class Method {
        int access;
        int nameIndex;
        int descIndex;
        List<byte[]> attributes = new ArrayList<>(); // each: name index (2) + length (4) + info
    }

    ClassFileEditor(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            in.readFully(header);
            if (((header[0] & 0xff) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8 | (header[3] & 0xff))
                    != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            int count = in.readUnsignedShort();
            pool.add(null);
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                int size = switch (tag) {
                    case UTF8 -> -1;
                    case 3, FLOAT, 9, METHODREF, 11, NAME_AND_TYPE, 17, 18 -> 4;
                    case 5, 6 -> 8;
                    case CLASS, 8, 16, 19, 20 -> 2;
                    case 15 -> 3;
                    default -> throw new IllegalArgumentException("unknown constant-pool tag " + tag + " at " + i);
                };
                ByteArrayOutputStream entry = new ByteArrayOutputStream();
                entry.write(tag);
                if (size < 0) {
                    int len = in.readUnsignedShort();
                    entry.write(len >>> 8);
                    entry.write(len);
                    entry.write(in.readNBytes(len));
                } else {
                    entry.write(in.readNBytes(size));
                }
                pool.add(entry.toByteArray());
                if (tag == 5 || tag == 6) {
                    pool.add(null);
                    i++;
                }
            }
            ByteArrayOutputStream info = new ByteArrayOutputStream();
            info.write(in.readNBytes(6));
            int interfaces = in.readUnsignedShort();
            info.write(interfaces >>> 8);
            info.write(interfaces);
            info.write(in.readNBytes(2 * interfaces));
            classInfo = info.toByteArray();

            ByteArrayOutputStream fieldBytes = new ByteArrayOutputStream();
            int fieldCount = in.readUnsignedShort();
            fieldBytes.write(fieldCount >>> 8);
            fieldBytes.write(fieldCount);
            for (int f = 0; f < fieldCount; f++) {
                fieldBytes.write(in.readNBytes(6));
                int attrs = in.readUnsignedShort();
                fieldBytes.write(attrs >>> 8);
                fieldBytes.write(attrs);
                for (int a = 0; a < attrs; a++) {
                    fieldBytes.write(readAttribute(in));
                }
            }
            fields = fieldBytes.toByteArray();

            int methodCount = in.readUnsignedShort();
            for (int m = 0; m < methodCount; m++) {
                Method method = new Method();
                method.access = in.readUnsignedShort();
                method.nameIndex = in.readUnsignedShort();
                method.descIndex = in.readUnsignedShort();
                int attrs = in.readUnsignedShort();
                for (int a = 0; a < attrs; a++) {
                    method.attributes.add(readAttribute(in));
                }
                methods.add(method);
            }
            classAttributes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAttribute(DataInputStream in) throws IOException {
        int name = in.readUnsignedShort();
        int length = in.readInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.writeShort(name);
        d.writeInt(length);
        d.write(in.readNBytes(length));
        return out.toByteArray();
    }

    /** The index of the UTF-8 constant {@code s} (added if absent). */
    int utf8(String s) {
        byte[] data = s.getBytes(StandardCharsets.UTF_8); // ASCII names only
        byte[] entry = new byte[3 + data.length];
        entry[0] = UTF8;
        entry[1] = (byte) (data.length >>> 8);
        entry[2] = (byte) data.length;
        System.arraycopy(data, 0, entry, 3, data.length);
        return indexOf(entry);
    }

    /** The index of {@code CONSTANT_Methodref owner.name:desc} (added if absent). */
    int methodRef(String owner, String name, String desc) {
        int classIndex = indexOf(new byte[] {CLASS, hi(utf8(owner)), lo(utf8(owner))});
        int nat = indexOf(new byte[] {NAME_AND_TYPE, hi(utf8(name)), lo(utf8(name)), hi(utf8(desc)), lo(utf8(desc))});
        return indexOf(new byte[] {METHODREF, hi(classIndex), lo(classIndex), hi(nat), lo(nat)});
    }

    private int indexOf(byte[] entry) {
        for (int i = 1; i < pool.size(); i++) {
            if (pool.get(i) != null && Arrays.equals(pool.get(i), entry)) {
                return i;
            }
        }
        pool.add(entry);
        if (pool.size() > 0xFFFF) {
            throw new IllegalStateException("constant pool overflow");
        }
        return pool.size() - 1;
    }

    /** Replaces every {@code CONSTANT_Float} equal to {@code from} by {@code to}; returns how many. */
    int replaceFloat(float from, float to) {
        int fromBits = Float.floatToRawIntBits(from);
        int toBits = Float.floatToRawIntBits(to);
        int n = 0;
        for (int i = 1; i < pool.size(); i++) {
            byte[] e = pool.get(i);
            if (e != null && e[0] == FLOAT && readInt(e, 1) == fromBits) {
                pool.set(i, new byte[] {FLOAT, (byte) (toBits >>> 24), (byte) (toBits >>> 16), (byte) (toBits >>> 8),
                    (byte) toBits});
                n++;
            }
        }
        return n;
    }

    /**
     * Replaces the body of method {@code name desc} by {@code code} (straight-line bytecode: no
     * branches, no exception handlers, so no stack map is needed).
     *
     * @throws IllegalStateException if the class has no such method with code
     */
    void replaceBody(String name, String desc, int maxStack, int maxLocals, byte[] code) {
        int codeName = utf8("Code");
        for (Method m : methods) {
            if (utf8At(m.nameIndex).equals(name) && utf8At(m.descIndex).equals(desc)) {
                for (int a = 0; a < m.attributes.size(); a++) {
                    byte[] attr = m.attributes.get(a);
                    if ((((attr[0] & 0xff) << 8) | (attr[1] & 0xff)) == codeName) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        DataOutputStream d = new DataOutputStream(out);
                        try {
                            d.writeShort(codeName);
                            d.writeInt(2 + 2 + 4 + code.length + 2 + 2);
                            d.writeShort(maxStack);
                            d.writeShort(maxLocals);
                            d.writeInt(code.length);
                            d.write(code);
                            d.writeShort(0); // exception table
                            d.writeShort(0); // attributes (no line numbers, no stack map)
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        m.attributes.set(a, out.toByteArray());
                        return;
                    }
                }
            }
        }
        throw new IllegalStateException("no method " + name + desc + " with code to replace");
    }

    /**
     * Replaces {@code from} by {@code to} (same length, e.g. an instruction with its operand)
     * wherever it occurs in the bytecode of method {@code name desc}; returns how many times.
     */
    int replaceInCode(String name, String desc, byte[] from, byte[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("replacement must keep the code length");
        }
        int codeName = utf8("Code");
        int n = 0;
        for (Method m : methods) {
            if (!utf8At(m.nameIndex).equals(name) || !utf8At(m.descIndex).equals(desc)) {
                continue;
            }
            for (byte[] attr : m.attributes) {
                if ((((attr[0] & 0xff) << 8) | (attr[1] & 0xff)) != codeName) {
                    continue;
                }
                int start = 6 + 2 + 2 + 4; // name, length, max_stack, max_locals, code_length
                int end = start + readInt(attr, 10);
                for (int i = start; i + from.length <= end; i++) {
                    if (Arrays.equals(attr, i, i + from.length, from, 0, from.length)) {
                        System.arraycopy(to, 0, attr, i, to.length);
                        n++;
                        i += from.length - 1;
                    }
                }
            }
        }
        return n;
    }

    private String utf8At(int index) {
        byte[] e = pool.get(index);
        if (e == null || e[0] != UTF8) {
            throw new IllegalStateException("constant " + index + " is not UTF-8");
        }
        return new String(e, 3, e.length - 3, StandardCharsets.UTF_8);
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        try {
            d.write(header);
            d.writeShort(pool.size());
            for (byte[] e : pool) {
                if (e != null) {
                    d.write(e);
                }
            }
            d.write(classInfo);
            d.write(fields);
            d.writeShort(methods.size());
            for (Method m : methods) {
                d.writeShort(m.access);
                d.writeShort(m.nameIndex);
                d.writeShort(m.descIndex);
                d.writeShort(m.attributes.size());
                for (byte[] attr : m.attributes) {
                    d.write(attr);
                }
            }
            d.write(classAttributes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte hi(int v) {
        return (byte) (v >>> 8);
    }

    static byte lo(int v) {
        return (byte) v;
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }
}
