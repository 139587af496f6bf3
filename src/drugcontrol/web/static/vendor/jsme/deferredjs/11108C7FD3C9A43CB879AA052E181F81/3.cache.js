$wnd.jsme.runAsyncCallback3('x(732,623,sn);_.be=function(){this.a.n&&P2(this.a.n);this.a.n=new U2(0,this.a)};R(j_)(3);\n//@ sourceURL=3.js\n')
