package io.offcpu.jfr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes type declarations as the payload of a JFR metadata event: a string table, then an element
 * tree {@code root > metadata > class > field/annotation} plus {@code root > region}, where every
 * name and attribute is an index into the string table. Element and attribute names are the ones the
 * JDK's {@code MetadataReader} and JMC's {@code ChunkMetadata} look for.
 */
final class MetadataEncoder {

    private record Element(String name, Map<String, String> attributes, List<Element> children) {
        Element(String name) {
            this(name, new LinkedHashMap<>(), new ArrayList<>());
        }

        Element attr(String key, Object value) {
            attributes.put(key, String.valueOf(value));
            return this;
        }

        Element child(String childName) {
            Element c = new Element(childName);
            children.add(c);
            return c;
        }
    }

    private MetadataEncoder() {}

    /** The metadata payload (everything after the event header fields and metadata id). */
    static byte[] encode(List<JfrType<?>> types) {
        Element root = new Element("root");
        Element metadata = root.child("metadata");
        for (JfrType<?> type : types) {
            Element c = metadata.child("class").attr("name", type.name);
            if (type.superType != null) {
                c.attr("superType", type.superType);
            }
            if (type.simpleType) {
                c.attr("simpleType", true);
            }
            c.attr("id", type.id);
            for (JfrType.Field<?> f : type.fields()) {
                Element fe = c.child("field").attr("name", f.name()).attr("class", f.type().id);
                if (f.array()) {
                    fe.attr("dimension", 1);
                }
                if (f.constantPool()) {
                    fe.attr("constantPool", true);
                }
                addAnnotations(fe, f.annotations());
            }
            addAnnotations(c, type.annotations());
        }
        root.child("region").attr("locale", "en").attr("gmtOffset", 0).attr("dst", 0);

        Map<String, Integer> strings = new LinkedHashMap<>();
        collectStrings(root, strings);
        ByteSink out = new ByteSink(16 * 1024);
        out.putVarInt(strings.size());
        for (String s : strings.keySet()) {
            out.putString(s);
        }
        writeElement(root, strings, out);
        return out.toByteArray();
    }

    private static void addAnnotations(Element owner, List<JfrType.Annotation> annotations) {
        for (JfrType.Annotation a : annotations) {
            Element ae = owner.child("annotation").attr("class", a.type().id);
            a.values().forEach(ae::attr);
        }
    }

    private static void collectStrings(Element e, Map<String, Integer> strings) {
        strings.putIfAbsent(e.name(), strings.size());
        e.attributes().forEach((k, v) -> {
            strings.putIfAbsent(k, strings.size());
            strings.putIfAbsent(v, strings.size());
        });
        for (Element c : e.children()) {
            collectStrings(c, strings);
        }
    }

    private static void writeElement(Element e, Map<String, Integer> strings, ByteSink out) {
        out.putVarInt(strings.get(e.name()));
        out.putVarInt(e.attributes().size());
        e.attributes().forEach((k, v) -> {
            out.putVarInt(strings.get(k));
            out.putVarInt(strings.get(v));
        });
        out.putVarInt(e.children().size());
        for (Element c : e.children()) {
            writeElement(c, strings, out);
        }
    }
}
