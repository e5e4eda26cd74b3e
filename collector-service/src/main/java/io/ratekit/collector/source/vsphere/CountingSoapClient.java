package io.ratekit.collector.source.vsphere;

import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.WSClient;

import javax.net.ssl.TrustManager;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.rmi.RemoteException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * yavijava's SOAP client with the {@link TolerantXmlReader} and a count of the SOAP calls made.
 * yavijava creates it by reflection ({@code ClientCreator.clientClass}), hence the public
 * constructors of the same shape as {@link WSClient}'s.
 */
public class CountingSoapClient extends WSClient {

    // set before a session is opened: yavijava logs in inside the ServiceInstance constructor
    static volatile int timeoutMillis = 30_000;

    private final AtomicLong calls = new AtomicLong();
    private final TolerantXmlReader reader = new TolerantXmlReader();

    public CountingSoapClient(String url, boolean ignoreCert) throws MalformedURLException, RemoteException {
        super(url, ignoreCert);
        setConnectTimeout(timeoutMillis);
        setReadTimeout(timeoutMillis);
    }

    public CountingSoapClient(String url, boolean ignoreCert, TrustManager trustManager) throws MalformedURLException, RemoteException {
        super(url, ignoreCert, trustManager);
        setConnectTimeout(timeoutMillis);
        setReadTimeout(timeoutMillis);
    }

    public long calls() {
        return calls.get();
    }

    public TolerantXmlReader reader() {
        return reader;
    }

    @Override
    public Object invoke(String methodName, Argument[] paras, String returnType) throws RemoteException {
        calls.incrementAndGet();
        return super.invoke(methodName, paras, returnType);
    }

    @Override
    public StringBuffer invokeAsString(String methodName, Argument[] paras) throws RemoteException {
        calls.incrementAndGet();
        return super.invokeAsString(methodName, paras);
    }

    @Override
    public Object unMarshall(String returnType, InputStream is) throws Exception {
        return reader.fromXML(returnType, is);
    }
}
