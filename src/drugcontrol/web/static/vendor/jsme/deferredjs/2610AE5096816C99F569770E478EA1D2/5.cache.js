$wnd.jsme.runAsyncCallback5('x(702,590,bn);_.Zd=function(){this.a.F&&(F0(this.a.F),this.a.F=null);0==this.a.r.w&&(this.a.F=new K0(2,this.a))};U(YX)(5);\n//@ sourceURL=5.js\n')
