#include "textflag.h"

// func addAVX(dst, src *float32, n int)
TEXT ·addAVX(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX

eight:
	CMPQ CX, $8
	JLT  one
	VMOVUPS (SI), Y0
	VADDPS  (DI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     eight

one:
	TESTQ CX, CX
	JEQ   done
	MOVSS (DI), X0
	ADDSS (SI), X0
	MOVSS X0, (DI)
	ADDQ  $4, SI
	ADDQ  $4, DI
	DECQ  CX
	JMP   one

done:
	VZEROUPPER
	RET

// func addBF16AVX2(dst *float32, src *uint16, n int)
TEXT ·addBF16AVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX

eight:
	CMPQ CX, $8
	JLT  one
	VPMOVZXWD (SI), Y0
	VPSLLD    $16, Y0, Y0
	VADDPS    (DI), Y0, Y0
	VMOVUPS   Y0, (DI)
	ADDQ      $16, SI
	ADDQ      $32, DI
	SUBQ      $8, CX
	JMP       eight

one:
	TESTQ CX, CX
	JEQ   done
	MOVWLZX (SI), AX
	SHLL    $16, AX
	MOVL    AX, X1
	MOVSS   (DI), X0
	ADDSS   X1, X0
	MOVSS   X0, (DI)
	ADDQ    $2, SI
	ADDQ    $4, DI
	DECQ    CX
	JMP     one

done:
	VZEROUPPER
	RET
