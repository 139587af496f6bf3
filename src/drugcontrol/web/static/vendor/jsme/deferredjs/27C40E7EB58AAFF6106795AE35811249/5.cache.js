$wnd.jsme.runAsyncCallback5('x(705,593,on);_.Zd=function(){this.a.F&&(G0(this.a.F),this.a.F=null);0==this.a.r.w&&(this.a.F=new L0(2,this.a))};U(dY)(5);\n//@ sourceURL=5.js\n')
