package io.ratekit.collector.source.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.mo.util.MorUtil;
import com.vmware.vim25.ws.SoapConsts;
import com.vmware.vim25.ws.SoapFaultException;
import com.vmware.vim25.ws.XmlGen;
import org.dom4j.Document;
import org.dom4j.Element;
import org.dom4j.io.SAXReader;
import org.doublecloud.ws.util.ReflectUtil;
import org.doublecloud.ws.util.TypeUtil;

import java.io.InputStream;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.rmi.RemoteException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SOAP response reader of yavijava 6.0.05 ({@code XmlGenDom}, BSD licence, adapted), made
 * tolerant: vCenter 7/8 and govmomi's simulator send properties, types and enum values newer than
 * the SDK's model classes, on which the original throws ({@code NoSuchFieldException:
 * vStorageObjectManager}) and the whole call fails. Here an unknown element is skipped, an unknown
 * {@code xsi:type} read as its declared base type (or dropped where the slot is {@code Object}), an
 * unknown enum constant dropped; all are counted for the metrics. SOAP faults come back as their
 * typed exception (the original reflects into {@code Throwable}, refused on Java 16+).
 */
public class TolerantXmlReader extends XmlGen {
    public final AtomicLong unknownFields = new AtomicLong(); // element name not a public field of the class
    public final AtomicLong unknownTypes = new AtomicLong(); // xsi:type with no com.vmware.vim25.<Type> class
    public final AtomicLong badValues = new AtomicLong(); // e.g. enum constant unknown to the SDK
    public final Set<String> unknownNames = ConcurrentHashMap.newKeySet();

    /** Unknown fields, types and values skipped so far. */
    public long unknownTotal() {
        return unknownFields.get() + unknownTypes.get() + badValues.get();
    }

    @Override
    public Object fromXML(String returnType, InputStream is) throws RemoteException {
        Element root;
        try (InputStream in = is) {
            Document doc = new SAXReader().read(in);
            root = doc.getRootElement();
        } catch (Exception e) {
            throw new RemoteException("Error parsing XML for return type " + returnType, e);
        }
        Element body = (Element) root.elements().get(0);
        Element resp = (Element) body.elements().get(0);
        if (resp.getName().contains("Fault")) {
            SoapFaultException sfe = new SoapFaultException();
            sfe.setFaultCode(resp.elementText("faultcode"));
            sfe.setFaultString(resp.elementText("faultstring"));
            sfe.setFaultActor(resp.elementText("faultactor"));
            Element detailE = resp.element("detail");
            if (detailE != null && !detailE.elements().isEmpty()) {
                Element faultE = (Element) detailE.elements().get(0);
                Class<?> fc = resolve(faultE.attributeValue(SoapConsts.XSI_TYPE), null);
                try {
                    if (fc != null) {
                        sfe.detail = (Throwable) fromXml(fc, faultE);
                    }
                } catch (Exception unreadableDetail) {
                    // the fault is still thrown, without its typed detail
                }
            }
            // original XmlGenDom reflects into Throwable.detailMessage: NPE when detail==null and
            // InaccessibleObjectException on Java 16+; we simply throw the typed fault (or the SoapFaultException).
            if (sfe.detail instanceof RemoteException typed) {
                throw typed;
            }
            throw sfe;
        }
        if (returnType == null) {
            return null;
        }
        try {
            return fromXML(returnType, resp);
        } catch (Exception e) {
            throw new RemoteException("Exception unmarshalling " + returnType, e);
        }
    }

    /** class for xsi:type (or fallback if absent/unknown); counts unknown types. */
    private final Set<String> missingTypes = ConcurrentHashMap.newKeySet();   // negative cache

    private Class<?> resolve(String xsiType, Class<?> fallback) {
        if (xsiType == null || xsiType.startsWith("xsd:")) {
            return fallback;
        }
        Class<?> c = missingTypes.contains(xsiType) ? null
                   : TypeUtil.getVimClass(xsiType);  // null (+ log4j ERROR with stack) if unknown; not cached by TypeUtil
        if (c == null) {
            missingTypes.add(xsiType);
            unknownTypes.incrementAndGet();
            unknownNames.add("type:" + xsiType);
            return fallback;
        }
        return c;
    }

    private static boolean isVimDataClass(Class<?> c) {
        return c != null && !c.isEnum() && !TypeUtil.isBasicType(c) && c != ManagedObjectReference.class;
    }

    @SuppressWarnings("unchecked")
    private Object fromXML(String type, Element root) throws Exception {
        List<Element> subNodes = root.elements();
        if (subNodes.isEmpty()) {
            return null;
        }
        if (type.startsWith("ManagedObjectReference")) {
            if (!type.endsWith("[]")) {
                Element e = subNodes.get(0);
                return MorUtil.createMOR(e.attributeValue("type"), e.getText());
            }
            ManagedObjectReference[] mos = new ManagedObjectReference[subNodes.size()];
            for (int i = 0; i < mos.length; i++)
                mos[i] = MorUtil.createMOR(subNodes.get(i).attributeValue("type"), subNodes.get(i).getText());
            return mos;
        } else if (TypeUtil.isBasicType(type)) {
            List<String> vals = new ArrayList<>();
            for (Element n : subNodes) vals.add(n.getText());
            return ReflectUtil.parseToObject(type, vals);
        } else if (type.endsWith("[]")) {
            Class<?> itemClass = TypeUtil.getVimClass(type.substring(0, type.length() - 2));
            List<Object> items = new ArrayList<>();
            for (Element e : subNodes) {
                Class<?> c = resolve(e.attributeValue(SoapConsts.XSI_TYPE), itemClass); // unknown subtype -> base type
                if (c != null) {
                    items.add(fromXml(c, e));
                }
            }
            Object ao = Array.newInstance(itemClass, items.size());
            for (int i = 0; i < items.size(); i++) Array.set(ao, i, items.get(i));
            return ao;
        } else {
            Class<?> c = TypeUtil.getVimClass(type);
            return c == null ? null : fromXml(c, subNodes.get(0));
        }
    }

    private static int sameTags(List<Element> nodes, int from, String tag) {
        int n = 1;
        for (int j = from + 1; j < nodes.size() && nodes.get(j).getName().equals(tag); j++) n++;
        return n;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Object fromXml(Class<?> clazz, Element node) throws Exception {
        Object obj = clazz.getDeclaredConstructor().newInstance();
        List<Element> subNodes = node.elements();
        int size = subNodes.size();
        for (int i = 0; i < size; i++) {
            Element e = subNodes.get(i);
            String tagName = e.getName();
            Field field;
            try {                                                        // <-- NoSuchFieldException site
                field = clazz.getField(TypeUtil.isPrimitiveType(tagName) ? "_" + tagName : tagName);
            } catch (NoSuchFieldException nsfe) {
                unknownFields.incrementAndGet();
                unknownNames.add("field:" + clazz.getSimpleName() + "." + tagName);
                i += sameTags(subNodes, i, tagName) - 1;                // skip repeated (array) elements too
                continue;
            }
            int count = field.getType().isArray() ? sameTags(subNodes, i, tagName) : 1;
            try {
                setField(obj, field, subNodes, i, count);
            } catch (IllegalArgumentException ex) {                     // Enum.valueOf on unknown constant, etc.
                badValues.incrementAndGet();
                unknownNames.add("value:" + clazz.getSimpleName() + "." + tagName + "=" + e.getText());
            }
            i += count - 1;
        }
        return obj;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void setField(Object obj, Field field, List<Element> subNodes, int i, int count) throws Exception {
        Element e = subNodes.get(i);
        Class<?> fType = field.getType();
        boolean isArray = fType.isArray();
        if (isArray) {
            fType = fType.getComponentType();
        }
        String xsiType = e.attributeValue(SoapConsts.XSI_TYPE);
        Class<?> fRealType = resolve(xsiType, null);
        if (fRealType == null) {
            boolean unknown = xsiType != null && !xsiType.startsWith("xsd:");
            if (unknown && !isVimDataClass(fType)) return; // unknown type in Object-typed slot (DynamicProperty.val): drop
            fRealType = fType;                             // no xsi:type, or unknown subtype -> declared field type
        }
        if (fRealType == ManagedObjectReference.class) {
            if (isArray) {
                ManagedObjectReference[] mos = new ManagedObjectReference[count];
                for (int j = 0; j < count; j++)
                    mos[j] = MorUtil.createMOR(subNodes.get(i + j).attributeValue("type"), subNodes.get(i + j).getText());
                field.set(obj, mos);
            } else {
                field.set(obj, MorUtil.createMOR(e.attributeValue("type"), e.getText()));
            }
        } else if (fRealType.isEnum()) {
            if (isArray) {
                List<Object> vals = new ArrayList<>();
                for (int j = 0; j < count; j++) {
                    try {
                        vals.add(Enum.valueOf((Class) fRealType, subNodes.get(i + j).getText()));
                    } catch (IllegalArgumentException ex) {
                        badValues.incrementAndGet();
                    }
                }
                Object ao = Array.newInstance(fRealType, vals.size());
                for (int j = 0; j < vals.size(); j++) Array.set(ao, j, vals.get(j));
                field.set(obj, ao);
            } else {
                field.set(obj, Enum.valueOf((Class) fRealType, e.getText()));
            }
        } else if (TypeUtil.isBasicType(fRealType)) {
            if (isArray) {
                List<String> values = new ArrayList<>();
                for (int j = 0; j < count; j++) values.add(subNodes.get(i + j).getText());
                String t = xsiType != null ? xsiType.substring(4) + "[]" : fRealType.getSimpleName() + "[]";
                ReflectUtil.setObjectArrayField(obj, field, t, values);
            } else {
                String t = xsiType != null ? xsiType.substring(4) : fRealType.getSimpleName();
                ReflectUtil.setObjectField(obj, field, t, e.getText());
            }
        } else if (isArray) {
            List<Object> items = new ArrayList<>();
            for (int j = 0; j < count; j++) {
                Element el = subNodes.get(i + j);
                Class<?> c = resolve(el.attributeValue(SoapConsts.XSI_TYPE), fType); // unknown subtype -> declared type
                if (c != null) {
                    items.add(fromXml(c, el));
                }
            }
            Object ao = Array.newInstance(fType, items.size());
            for (int j = 0; j < items.size(); j++) Array.set(ao, j, items.get(j));
            field.set(obj, ao);
        } else {
            field.set(obj, fromXml(fRealType, e));
        }
    }
}
